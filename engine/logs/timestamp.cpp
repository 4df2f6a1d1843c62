// RFC 3339 formatting and parsing without locale or timezone state (UTC only).
#include "engine/logs/timestamp.hpp"

#include <ctime>
#include <limits>

namespace tug::engine::logs {

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

int64_t to_ns(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

Clock::time_point from_ns(int64_t ns) {
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(ns)));
}

[[gnu::hot]] std::string format_rfc3339nano(Clock::time_point t) {
    if (t == Clock::time_point{}) return "0001-01-01T00:00:00Z";
    const int64_t ns = to_ns(t);
    int64_t secs = ns / 1000000000;
    int64_t frac = ns % 1000000000;
    if (frac < 0) {
        frac += 1000000000;
        --secs;
    }
    time_t tt = static_cast<time_t>(secs);
    struct tm tm {};
    gmtime_r(&tt, &tm);
    char buf[64];
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out(buf, n);
    if (frac != 0) {
        char f[16];
        snprintf(f, sizeof f, ".%09lld", static_cast<long long>(frac));
        std::string fs(f);
        while (fs.back() == '0') fs.pop_back();
        out += fs;
    }
    out += 'Z';
    return out;
}

std::optional<int64_t> parse_rfc3339_ns(std::string_view s) {
    int Y, M, D, h, m, sec;
    if (!digits(s, 0, 4, Y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, M) || s[7] != '-' ||
        !digits(s, 8, 2, D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, m) || s[16] != ':' ||
        !digits(s, 17, 2, sec))
        return std::nullopt;
    size_t pos = 19;
    int64_t frac = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (n < 9) {
                frac = frac * 10 + (s[pos] - '0');
                ++n;
            }
            ++pos;
        }
        if (n == 0) return std::nullopt;
        for (; n < 9; ++n) frac *= 10;
    }
    int64_t offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om))
            return std::nullopt;
        offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    if (Y == 1 && M == 1 && D == 1 && h == 0 && m == 0 && sec == 0 && frac == 0)
        return std::numeric_limits<int64_t>::min();
    const int64_t days = days_from_civil(Y, static_cast<unsigned>(M), static_cast<unsigned>(D));
    const int64_t secs = days * 86400 + h * 3600 + m * 60 + sec - offset;
    return secs * 1000000000 + frac;
}

}  // namespace tug::engine::logs
