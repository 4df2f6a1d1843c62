// Go duration parsing and formatting, following the time package's grammar and output.
#include "engine/health/duration.hpp"

#include <cstdint>

namespace tug::engine::health {

namespace {

std::optional<uint64_t> unit_ns(std::string_view u) {
    if (u == "ns") return 1;
    if (u == "us" || u == "\u00b5s" || u == "\u03bcs") return 1000;
    if (u == "ms") return 1000000;
    if (u == "s") return 1000000000ULL;
    if (u == "m") return 60ULL * 1000000000ULL;
    if (u == "h") return 3600ULL * 1000000000ULL;
    return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<int64_t> parse_go_duration(std::string_view s) {
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "0") return 0;
    if (s.empty()) return std::nullopt;
    // Accumulated in unsigned 128-bit-safe steps: each term is checked against the limit.
    constexpr uint64_t kLimit = static_cast<uint64_t>(INT64_MAX) + 1;  // -2^63 is valid
    uint64_t total = 0;
    while (!s.empty()) {
        uint64_t whole = 0;
        size_t i = 0;
        bool any = false;
        for (; i < s.size() && is_digit(s[i]); ++i) {
            if (whole > (kLimit - 9) / 10) return std::nullopt;
            whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
            any = true;
        }
        // The fraction is kept as digits/scale; digits beyond what fits are dropped.
        uint64_t frac = 0, scale = 1;
        if (i < s.size() && s[i] == '.') {
            ++i;
            for (; i < s.size() && is_digit(s[i]); ++i) {
                if (scale <= UINT64_MAX / 100) {
                    frac = frac * 10 + static_cast<uint64_t>(s[i] - '0');
                    scale *= 10;
                }
                any = true;
            }
        }
        if (!any) return std::nullopt;
        size_t u = i;
        while (u < s.size() && s[u] != '.' && !is_digit(s[u])) ++u;
        auto mult = unit_ns(s.substr(i, u - i));
        if (!mult) return std::nullopt;
        if (whole > kLimit / *mult) return std::nullopt;
        uint64_t term = whole * *mult;
        if (frac > 0) {
            // frac/scale of the unit, without overflowing: unit <= 3.6e12 and scale < 1e18.
            long double f = static_cast<long double>(frac) * static_cast<long double>(*mult) /
                            static_cast<long double>(scale);
            term += static_cast<uint64_t>(f);
        }
        if (term > kLimit - total) return std::nullopt;
        total += term;
        s.remove_prefix(u);
    }
    if (!neg && total > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return neg ? static_cast<int64_t>(0 - total) : static_cast<int64_t>(total);
}

namespace {

// v as "<int>[.<frac>]" where prec digits of v are fractional; trailing zeros dropped.
std::string fixed(uint64_t v, int prec) {
    std::string frac;
    bool printed = false;
    for (int i = 0; i < prec; ++i) {
        const auto digit = static_cast<char>('0' + v % 10);
        v /= 10;
        if (printed || digit != '0') {
            frac.insert(frac.begin(), digit);
            printed = true;
        }
    }
    std::string out = std::to_string(v);
    if (!frac.empty()) out += "." + frac;
    return out;
}

}  // namespace

std::string format_go_duration(int64_t ns) {
    if (ns == 0) return "0s";
    const bool neg = ns < 0;
    uint64_t u = neg ? 0 - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
    std::string out;
    if (u < 1000000000ULL) {
        // Under a second: the largest unit that keeps an integer part.
        if (u < 1000) out = std::to_string(u) + "ns";
        else if (u < 1000000) out = fixed(u, 3) + "\u00b5s";
        else out = fixed(u, 6) + "ms";
    } else {
        out = fixed(u % 60000000000ULL, 9) + "s";
        u /= 60000000000ULL;
        if (u > 0) {
            out = std::to_string(u % 60) + "m" + out;
            u /= 60;
            if (u > 0) out = std::to_string(u) + "h" + out;
        }
    }
    return neg ? "-" + out : out;
}

}  // namespace tug::engine::health
