// Go's printing of JSON values: fmt %v, encoding/json (compact and indented), quoting.
#include "cli/output/go_value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "cli/output/utf8.hpp"

namespace tug::cli::output {

using nlohmann::json;

namespace {

// Shortest round-trip digits of |v| and its decimal exponent (v = 0.d1d2... * 10^dp).
void shortest_digits(double v, std::string& digits, int& dp) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
    std::string s(buf, res.ptr);
    auto e = s.find('e');
    std::string mant = s.substr(0, e);
    int exp10 = std::stoi(s.substr(e + 1));
    digits.clear();
    for (char c : mant)
        if (c != '.') digits += c;
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    dp = exp10 + 1;
    if (digits == "0") dp = 1;
}

std::string exponent_suffix(char e, int exp10) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%c%02d", e, exp10 < 0 ? '-' : '+', std::abs(exp10));
    return buf;
}

std::string fmt_e_shortest(const std::string& digits, int dp, char e) {
    std::string out(1, digits[0]);
    if (digits.size() > 1) out += "." + digits.substr(1);
    return out + exponent_suffix(e, digits == "0" ? 0 : dp - 1);
}

std::string fmt_f_shortest(const std::string& digits, int dp) {
    std::string out;
    if (dp <= 0) {
        out = "0." + std::string(-dp, '0') + digits;
    } else if (static_cast<size_t>(dp) >= digits.size()) {
        out = digits + std::string(dp - digits.size(), '0');
    } else {
        out = digits.substr(0, dp) + "." + digits.substr(dp);
    }
    if (digits == "0") out = "0";
    return out;
}

void append_json_string(std::string& out, std::string_view s, bool escape_html) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    size_t i = 0;
    while (i < s.size()) {
        size_t start = i;
        long cp = decode_utf8(s, i);
        if (cp < 0) {
            out += "\\ufffd";
            continue;
        }
        switch (cp) {
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\t':
                out += "\\t";
                continue;
            case '\b':
                out += "\\b";
                continue;
            case '\f':
                out += "\\f";
                continue;
            default:
                break;
        }
        if (cp < 0x20 || (escape_html && (cp == '<' || cp == '>' || cp == '&'))) {
            out += "\\u00";
            out += hex[cp >> 4];
            out += hex[cp & 15];
        } else if (cp == 0x2028 || cp == 0x2029) {
            out += cp == 0x2028 ? "\\u2028" : "\\u2029";
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    out += '"';
}

std::string json_float(double v) {
    if (!std::isfinite(v)) return "null";  // Go refuses; null keeps the output parseable
    double a = std::fabs(v);
    std::string digits;
    int dp;
    shortest_digits(v, digits, dp);
    std::string s;
    if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        s = fmt_e_shortest(digits, dp, 'e');
        // encoding/json writes e-7, not e-07
        auto n = s.size();
        if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') s.erase(n - 2, 1);
    } else {
        s = fmt_f_shortest(digits, dp);
    }
    return (std::signbit(v) && a != 0 ? "-" : "") + s;
}

void append_json(std::string& out, const json& v, int indent, int depth, bool escape_html) {
    auto newline = [&](int d) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<size_t>(indent) * d, ' ');
    };
    switch (v.type()) {
        case json::value_t::null:
        case json::value_t::discarded:
            out += "null";
            break;
        case json::value_t::boolean:
            out += v.get<bool>() ? "true" : "false";
            break;
        case json::value_t::number_integer:
            out += std::to_string(v.get<int64_t>());
            break;
        case json::value_t::number_unsigned:
            out += std::to_string(v.get<uint64_t>());
            break;
        case json::value_t::number_float:
            out += json_float(v.get<double>());
            break;
        case json::value_t::string:
            append_json_string(out, v.get_ref<const std::string&>(), escape_html);
            break;
        case json::value_t::binary:
            out += "null";
            break;
        case json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& e : v) {
                if (!first) out += ',';
                first = false;
                newline(depth + 1);
                append_json(out, e, indent, depth + 1, escape_html);
            }
            if (!v.empty()) newline(depth);
            out += ']';
            break;
        }
        case json::value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [k, e] : v.items()) {
                if (!first) out += ',';
                first = false;
                newline(depth + 1);
                append_json_string(out, k, escape_html);
                out += indent < 0 ? ":" : ": ";
                append_json(out, e, indent, depth + 1, escape_html);
            }
            if (!v.empty()) newline(depth);
            out += '}';
            break;
        }
    }
}

}  // namespace

std::string go_format_float(double v, char fmt, int prec) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (prec >= 0) {
        char spec[8] = {'%', '.', '*', fmt, 0};
        char buf[512];
        std::snprintf(buf, sizeof buf, spec, prec > 300 ? 300 : prec, v);
        return buf;
    }
    std::string digits;
    int dp;
    shortest_digits(v, digits, dp);
    std::string sign = std::signbit(v) ? "-" : "";
    switch (fmt) {
        case 'e':
        case 'E':
            return sign + fmt_e_shortest(digits, dp, fmt);
        case 'f':
        case 'F':
            return sign + fmt_f_shortest(digits, dp);
        default: {
            // strconv decides %e vs %f with precision 6 when printing the shortest form
            int exp10 = dp - 1;
            if (digits != "0" && (exp10 < -4 || exp10 >= 6))
                return sign + fmt_e_shortest(digits, dp, fmt == 'G' ? 'E' : 'e');
            return sign + fmt_f_shortest(digits, dp);
        }
    }
}

std::string go_print(const json& v) {
    switch (v.type()) {
        case json::value_t::null:
        case json::value_t::discarded:
        case json::value_t::binary:
            return "<nil>";
        case json::value_t::boolean:
            return v.get<bool>() ? "true" : "false";
        case json::value_t::number_integer:
            return std::to_string(v.get<int64_t>());
        case json::value_t::number_unsigned:
            return std::to_string(v.get<uint64_t>());
        case json::value_t::number_float:
            return go_format_float(v.get<double>(), 'g', -1);
        case json::value_t::string:
            return v.get<std::string>();
        case json::value_t::array: {
            std::string out = "[";
            for (size_t i = 0; i < v.size(); ++i) {
                if (i) out += ' ';
                out += go_print(v[i]);
            }
            return out + "]";
        }
        case json::value_t::object: {
            std::string out = "map[";
            bool first = true;
            for (const auto& [k, e] : v.items()) {
                if (!first) out += ' ';
                first = false;
                out += k + ":" + go_print(e);
            }
            return out + "]";
        }
    }
    return "";
}

std::string go_type_name(const json& v) {
    switch (v.type()) {
        case json::value_t::boolean:
            return "bool";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "int";
        case json::value_t::number_float:
            return "float64";
        case json::value_t::string:
            return "string";
        case json::value_t::array:
            return "[]interface {}";
        case json::value_t::object:
            return "map[string]interface {}";
        default:
            return "<nil>";
    }
}

bool go_truth(const json& v) {
    switch (v.type()) {
        case json::value_t::boolean:
            return v.get<bool>();
        case json::value_t::number_integer:
            return v.get<int64_t>() != 0;
        case json::value_t::number_unsigned:
            return v.get<uint64_t>() != 0;
        case json::value_t::number_float:
            return v.get<double>() != 0;
        case json::value_t::string:
            return !v.get_ref<const std::string&>().empty();
        case json::value_t::array:
        case json::value_t::object:
            return !v.empty();
        default:
            return false;
    }
}

std::string go_json(const json& v, int indent, bool escape_html) {
    std::string out;
    append_json(out, v, indent, 0, escape_html);
    return out;
}

std::string go_quote(std::string_view s) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    size_t i = 0;
    while (i < s.size()) {
        size_t start = i;
        long cp = decode_utf8(s, i);
        if (cp < 0) {
            auto b = static_cast<unsigned char>(s[start]);
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 15];
            continue;
        }
        switch (cp) {
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            case '\a':
                out += "\\a";
                continue;
            case '\b':
                out += "\\b";
                continue;
            case '\f':
                out += "\\f";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\t':
                out += "\\t";
                continue;
            case '\v':
                out += "\\v";
                continue;
            default:
                break;
        }
        if (cp < 0x20 || cp == 0x7f) {
            out += "\\x";
            out += hex[cp >> 4];
            out += hex[cp & 15];
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    return out + "\"";
}

}  // namespace tug::cli::output
