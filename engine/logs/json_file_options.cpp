// Parsing json-file log options as docker's json-file driver does, errors included.
#include "engine/logs/json_file_options.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>

#include "engine/base/error.hpp"

namespace tug::engine::logs {

namespace {

Error invalid(const std::string& message) { return Error(Errc::InvalidArgument, message); }

// Go's %q of a plain string: quotes and backslashes escaped.
std::string go_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

int64_t go_atoi(const std::string& s) {
    const std::string prefix = "strconv.Atoi: parsing " + go_quote(s) + ": ";
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    if (i == s.size()) throw invalid(prefix + "invalid syntax");
    // Like Go: a malformed string is a syntax error even when it is also too long.
    for (size_t k = i; k < s.size(); ++k)
        if (!std::isdigit(static_cast<unsigned char>(s[k]))) throw invalid(prefix + "invalid syntax");
    uint64_t v = 0;
    const uint64_t limit = negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX);
    for (; i < s.size(); ++i) {
        const uint64_t d = static_cast<uint64_t>(s[i] - '0');
        if (v > (limit - d) / 10) throw invalid(prefix + "value out of range");
        v = v * 10 + d;
    }
    return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

int64_t from_human_size(const std::string& s) {
    const Error bad = invalid("invalid size: '" + s + "'");
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == 0 || !std::isdigit(static_cast<unsigned char>(s[0])) || s[i - 1] == '.' ||
        std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(i), '.') > 1)
        throw bad;
    const double number = std::strtod(s.substr(0, i).c_str(), nullptr);
    if (i < s.size() && s[i] == ' ') ++i;
    double mult = 1;
    if (i < s.size()) {
        static constexpr std::string_view kUnits = "kmgtp";
        const auto u = kUnits.find(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
        if (u != std::string_view::npos) {
            mult = std::pow(1000.0, static_cast<double>(u + 1));
            ++i;
        }
    }
    if (i < s.size() && (s[i] == 'i' || s[i] == 'I')) ++i;
    if (i < s.size() && (s[i] == 'b' || s[i] == 'B')) ++i;
    if (i != s.size()) throw bad;
    const double bytes = number * mult;
    if (bytes >= 9.2e18) throw bad;
    return static_cast<int64_t>(bytes);
}

JsonFileOptions parse_json_file_options(const std::map<std::string, std::string>& opts) {
    JsonFileOptions out;
    for (const auto& [key, value] : opts) {
        if (key == "max-size") {
            const int64_t size = from_human_size(value);
            if (size <= 0) throw invalid("max-size must be a positive number");
            out.max_size = static_cast<uint64_t>(size);
        } else if (key == "max-file") {
            const int64_t n = go_atoi(value);
            if (n < 1) throw invalid("max-file cannot be less than 1");
            // Go's int has 64 bits: docker takes any count; more than INT_MAX files is all.
            out.max_files = n > INT_MAX ? INT_MAX : static_cast<int>(n);
        } else {
            throw invalid("unknown log opt '" + key + "' for json-file log driver");
        }
    }
    return out;
}

}  // namespace tug::engine::logs
