// Go's fmt.Sprintf, Sprint and Sprintln over JSON values, for the print/printf/println
// template functions: verbs %v %s %d %q %t %x %X %o %b %c %e %f %g with flags, width
// and precision, and fmt's error forms (%!d(string=x), %!s(MISSING), %!(EXTRA ...)).
#include <cstdint>
#include <cstdio>

#include "cli/output/go_value.hpp"
#include "cli/output/template_exec.hpp"
#include "cli/output/utf8.hpp"

namespace tug::cli::output::tmpl {

using nlohmann::json;

namespace {

struct Spec {
    bool plus = false, minus = false, sharp = false, space = false, zero = false;
    int width = -1;
    int prec = -1;
};

std::string pad(const std::string& s, const Spec& sp, bool zero_ok = false) {
    auto n = static_cast<int>(utf8_length(s));
    if (sp.width <= n) return s;
    std::string fill(static_cast<size_t>(sp.width - n),
                     sp.zero && !sp.minus && zero_ok ? '0' : ' ');
    if (sp.minus) return s + fill;
    if (fill[0] == '0' && !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' '))
        return s.substr(0, 1) + fill + s.substr(1);  // zeros go after the sign
    return fill + s;
}

std::string bad_verb(char verb, const json& a) {
    std::string out = "%!";
    out += verb;
    if (a.is_null()) return out + "(<nil>)";
    return out + "(" + go_type_name(a) + "=" + go_print(a) + ")";
}

std::string utf8_encode(uint32_t cp) {
    std::string out;
    append_utf8(out, cp);
    return out;
}

std::string fmt_integer(const json& a, char verb, const Spec& sp) {
    bool neg = a.is_number_integer() && !a.is_number_unsigned() && a.get<int64_t>() < 0;
    uint64_t mag = a.is_number_unsigned() ? a.get<uint64_t>()
                   : neg                  ? static_cast<uint64_t>(-(a.get<int64_t>() + 1)) + 1
                                          : static_cast<uint64_t>(a.get<int64_t>());
    if (verb == 'c') return pad(utf8_encode(static_cast<uint32_t>(mag)), sp);
    if (verb == 'q') return pad("'" + utf8_encode(static_cast<uint32_t>(mag)) + "'", sp);
    if (verb == 'U') {
        char buf[32];
        std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(mag));
        return pad(buf, sp);
    }
    int base = verb == 'b'                    ? 2
               : (verb == 'o' || verb == 'O') ? 8
               : (verb == 'x' || verb == 'X') ? 16
                                              : 10;
    const char* digits = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[mag % base]);
        mag /= base;
    } while (mag);
    if (sp.prec == 0 && s == "0") s.clear();
    if (sp.prec > static_cast<int>(s.size()))
        s.insert(0, static_cast<size_t>(sp.prec - s.size()), '0');
    std::string prefix;
    if (sp.sharp && base == 16) prefix = verb == 'X' ? "0X" : "0x";
    if (sp.sharp && base == 8 && (s.empty() || s[0] != '0')) prefix = "0";
    if (verb == 'O') prefix = "0o";
    if (sp.sharp && base == 2) prefix = "0b";
    std::string sign = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
    int len = static_cast<int>(sign.size() + prefix.size() + s.size());
    if (sp.zero && !sp.minus && sp.prec < 0 && sp.width > len)
        s.insert(0, static_cast<size_t>(sp.width - len), '0');
    return pad(sign + prefix + s, sp);
}

std::string fmt_float(double d, char verb, const Spec& sp) {
    char f = verb == 'v' ? 'g' : verb;
    int prec = sp.prec;
    if (prec < 0 && (f == 'e' || f == 'E' || f == 'f' || f == 'F')) prec = 6;
    std::string s = go_format_float(d, f, prec);
    if (sp.plus && s[0] != '-')
        s = "+" + s;
    else if (sp.space && s[0] != '-')
        s = " " + s;
    return pad(s, sp, true);
}

std::string fmt_string(const std::string& s, char verb, const Spec& sp) {
    std::string v = s;
    if (sp.prec >= 0) {
        v = v.substr(0, utf8_prefix(v, static_cast<size_t>(sp.prec)));
    }
    if (verb == 'q') return pad(go_quote(v), sp);
    if (verb == 'x' || verb == 'X') {
        const char* digits = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        std::string h;
        for (unsigned char c : s) {
            h += digits[c >> 4];
            h += digits[c & 15];
        }
        return pad(h, sp);
    }
    return pad(v, sp, true);
}

std::string fmt_arg(const json& a, char verb, const Spec& sp) {
    switch (a.type()) {
        case json::value_t::null:
            if (verb == 'v') return pad("<nil>", sp);
            return bad_verb(verb, a);
        case json::value_t::boolean:
            if (verb == 'v' || verb == 't') return pad(a.get<bool>() ? "true" : "false", sp);
            return bad_verb(verb, a);
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            if (std::string_view("vdboOxXcqU").find(verb) == std::string_view::npos)
                return bad_verb(verb, a);
            return fmt_integer(a, verb == 'v' ? 'd' : verb, sp);
        case json::value_t::number_float:
            if (std::string_view("veEfFgG").find(verb) == std::string_view::npos)
                return bad_verb(verb, a);
            return fmt_float(a.get<double>(), verb, sp);
        case json::value_t::string:
            if (std::string_view("vsqxX").find(verb) == std::string_view::npos)
                return bad_verb(verb, a);
            return fmt_string(a.get_ref<const std::string&>(), verb, sp);
        case json::value_t::array: {
            std::string out = "[";
            for (size_t i = 0; i < a.size(); ++i)
                out += (i ? " " : "") + fmt_arg(a[i], verb, sp);
            return out + "]";
        }
        case json::value_t::object: {
            std::string out = "map[";
            bool first = true;
            for (const auto& [k, e] : a.items()) {
                out += (first ? "" : " ") + fmt_arg(json(k), verb, sp) + ":" + fmt_arg(e, verb, sp);
                first = false;
            }
            return out + "]";
        }
        default:
            return bad_verb(verb, a);
    }
}

}  // namespace

std::string go_sprintf(const std::string& format, const std::vector<json>& args) {
    std::string out;
    size_t argn = 0;
    size_t i = 0;
    const size_t n = format.size();
    auto int_arg = [&](int& dst) {
        if (argn < args.size() && args[argn].is_number_integer()) {
            auto v = args[argn++].get<int64_t>();
            dst = v > 1000000 || v < -1000000 ? -1 : static_cast<int>(v);
            return true;
        }
        ++argn;
        return false;
    };
    while (i < n) {
        size_t pct = format.find('%', i);
        if (pct == std::string::npos) {
            out.append(format, i, std::string::npos);
            break;
        }
        out.append(format, i, pct - i);
        i = pct + 1;
        Spec sp;
        for (; i < n; ++i) {
            char c = format[i];
            if (c == '#')
                sp.sharp = true;
            else if (c == '0')
                sp.zero = true;
            else if (c == '+')
                sp.plus = true;
            else if (c == '-')
                sp.minus = true;
            else if (c == ' ')
                sp.space = true;
            else
                break;
        }
        if (i < n && format[i] == '*') {
            ++i;
            if (!int_arg(sp.width)) out += "%!(BADWIDTH)";
            if (sp.width < 0 && sp.width != -1) {
                sp.minus = true;
                sp.width = -sp.width;
            }
        } else {
            while (i < n && format[i] >= '0' && format[i] <= '9') {
                sp.width = (sp.width < 0 ? 0 : sp.width) * 10 + (format[i++] - '0');
                if (sp.width > 1000000) sp.width = 1000000;
            }
        }
        if (i < n && format[i] == '.') {
            ++i;
            sp.prec = 0;
            if (i < n && format[i] == '*') {
                ++i;
                if (!int_arg(sp.prec) || sp.prec < 0) {
                    out += "%!(BADPREC)";
                    sp.prec = -1;
                }
            } else {
                while (i < n && format[i] >= '0' && format[i] <= '9') {
                    sp.prec = sp.prec * 10 + (format[i++] - '0');
                    if (sp.prec > 1000000) sp.prec = 1000000;
                }
            }
        }
        if (i >= n) {
            out += "%!(NOVERB)";
            break;
        }
        char verb = format[i++];
        if (verb == '%') {
            out += '%';
            continue;
        }
        if (argn >= args.size()) {
            out += std::string("%!") + verb + "(MISSING)";
            continue;
        }
        out += fmt_arg(args[argn++], verb, sp);
    }
    if (argn < args.size()) {
        out += "%!(EXTRA ";
        for (size_t k = argn; k < args.size(); ++k) {
            if (k > argn) out += ", ";
            if (args[k].is_null())
                out += "<nil>";
            else
                out += go_type_name(args[k]) + "=" + go_print(args[k]);
        }
        out += ")";
    }
    return out;
}

std::string go_sprint(const std::vector<json>& args) {
    std::string out;
    bool prev_string = false;
    for (size_t i = 0; i < args.size(); ++i) {
        bool is_string = args[i].is_string();
        if (i > 0 && !is_string && !prev_string) out += ' ';
        out += go_print(args[i]);
        prev_string = is_string;
    }
    return out;
}

std::string go_sprintln(const std::vector<json>& args) {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i)
        out += (i ? " " : "") + go_print(args[i]);
    return out + "\n";
}

}  // namespace tug::cli::output::tmpl
