// The functions templates can call: Go's builtins (len, index, slice, eq, lt, print...)
// and docker's additions (json, join, split, title, lower, upper, pad, truncate).
#include <cctype>
#include <cmath>
#include <cstdint>

#include "cli/output/go_value.hpp"
#include "cli/output/template_ast.hpp"
#include "cli/output/template_exec.hpp"
#include "cli/output/utf8.hpp"

namespace tug::cli::output::tmpl {

using nlohmann::json;

namespace {

const json kNull;

const json& val(const Value& v) {
    return v.missing ? kNull : v.v();
}

const std::string& want_string(const std::vector<Value>& a, size_t i) {
    const Value& v = a[i];
    if (v.missing || v.v().is_null()) throw ArgError{"invalid value; expected string", i};
    if (!v.v().is_string())
        throw ArgError{"wrong type for value; expected string; got " + go_type_name(v.v()), i};
    return v.v().get_ref<const std::string&>();
}

int64_t want_int(const std::vector<Value>& a, size_t i) {
    const Value& v = a[i];
    if (v.missing || v.v().is_null()) throw ArgError{"invalid value; expected int", i};
    if (v.v().is_number_integer()) return v.v().get<int64_t>();
    if (v.v().is_number_float()) {
        double d = v.v().get<double>();
        if (std::trunc(d) == d && std::fabs(d) < 9e18) return static_cast<int64_t>(d);
    }
    throw ArgError{"wrong type for value; expected int; got " + go_type_name(v.v()), i};
}

std::vector<json> plain(const std::vector<Value>& args) {
    std::vector<json> out;
    for (const auto& a : args)
        out.push_back(val(a));
    return out;
}

Value fn_not(std::vector<Value>& a) {
    return {!(!a[0].missing && go_truth(a[0].v()))};
}

Value fn_len(std::vector<Value>& a) {
    const json& v = val(a[0]);
    if (v.is_null()) throw CallError{"len of nil pointer"};
    if (v.is_string()) return {static_cast<int64_t>(v.get_ref<const std::string&>().size())};
    if (v.is_array() || v.is_object()) return {static_cast<int64_t>(v.size())};
    throw CallError{"len of type " + go_type_name(v)};
}

// An index argument for arrays and strings, checked against bound (index: < bound,
// slice: <= bound).
int64_t index_arg(const json& idx, size_t bound, bool inclusive) {
    if (idx.is_null()) throw CallError{"cannot index slice/array with nil"};
    if (!idx.is_number_integer())
        throw CallError{"cannot index slice/array with type " + go_type_name(idx)};
    int64_t x = idx.is_number_unsigned() && idx.get<uint64_t>() > INT64_MAX ? INT64_MAX
                                                                            : idx.get<int64_t>();
    auto b = static_cast<int64_t>(bound);
    if (x < 0 || x > b || (!inclusive && x == b))
        throw CallError{"index out of range: " + std::to_string(x)};
    return x;
}

Value fn_index(std::vector<Value>& a) {
    json item = val(a[0]);
    if (item.is_null()) throw CallError{"index of untyped nil"};
    for (size_t i = 1; i < a.size(); ++i) {
        const json& idx = val(a[i]);
        if (item.is_null()) throw CallError{"index of nil pointer"};
        if (item.is_array()) {
            json next = item[static_cast<size_t>(index_arg(idx, item.size(), false))];
            item = std::move(next);
        } else if (item.is_string()) {
            const auto& s = item.get_ref<const std::string&>();
            item = static_cast<int64_t>(
                static_cast<unsigned char>(s[index_arg(idx, s.size(), false)]));
        } else if (item.is_object()) {
            if (!idx.is_string())
                throw CallError{"value has type " + go_type_name(idx) + "; should be string"};
            auto it = item.find(idx.get<std::string>());
            if (it != item.end()) {
                json next = *it;
                item = std::move(next);
            } else {
                // Go returns the map's zero value. Docker's maps of strings (labels,
                // options) give "", its maps of structs give <nil>; JSON has lost the
                // element type, so judge it from the values present.
                bool strings = true;
                for (const auto& e : item)
                    strings = strings && e.is_string();
                item = strings ? json("") : json();
            }
        } else {
            throw CallError{"can't index item of type " + go_type_name(item)};
        }
    }
    return {item};
}

Value fn_slice(std::vector<Value>& a) {
    const json& item = val(a[0]);
    if (item.is_null()) throw CallError{"slice of untyped nil"};
    if (a.size() > 4) throw CallError{"too many slice indexes: " + std::to_string(a.size() - 1)};
    size_t len;
    if (item.is_string()) {
        if (a.size() == 4) throw CallError{"cannot 3-index slice a string"};
        len = item.get_ref<const std::string&>().size();
    } else if (item.is_array()) {
        len = item.size();
    } else {
        throw CallError{"can't slice item of type " + go_type_name(item)};
    }
    int64_t idx[3] = {0, static_cast<int64_t>(len), static_cast<int64_t>(len)};
    for (size_t i = 1; i < a.size(); ++i)
        idx[i - 1] = index_arg(val(a[i]), len, true);
    if (idx[0] > idx[1])
        throw CallError{"invalid slice index: " + std::to_string(idx[0]) + " > " +
                        std::to_string(idx[1])};
    if (a.size() == 4 && idx[1] > idx[2])
        throw CallError{"invalid slice index: " + std::to_string(idx[1]) + " > " +
                        std::to_string(idx[2])};
    if (item.is_string())
        return {item.get_ref<const std::string&>().substr(idx[0], idx[1] - idx[0])};
    json out = json::array();
    for (int64_t i = idx[0]; i < idx[1]; ++i)
        out.push_back(item[static_cast<size_t>(i)]);
    return {out};
}

enum class Kind { Invalid, Bool, Number, String, Other };

Kind kind_of(const json& v) {
    if (v.is_null()) return Kind::Invalid;
    if (v.is_boolean()) return Kind::Bool;
    if (v.is_number()) return Kind::Number;
    if (v.is_string()) return Kind::String;
    return Kind::Other;
}

// -1, 0, 1. Integers compare exactly; a float on either side compares as doubles (Go
// would refuse int vs float, but JSON cannot keep docker's field types).
int compare_numbers(const json& a, const json& b) {
    if (a.is_number_integer() && b.is_number_integer()) {
        // nlohmann keeps non-negative integers as unsigned: compare by sign first
        bool an = !a.is_number_unsigned() && a.get<int64_t>() < 0;
        bool bn = !b.is_number_unsigned() && b.get<int64_t>() < 0;
        if (an != bn) return an ? -1 : 1;
        if (an) {
            auto x = a.get<int64_t>(), y = b.get<int64_t>();
            return x < y ? -1 : x > y;
        }
        auto x = a.get<uint64_t>(), y = b.get<uint64_t>();
        return x < y ? -1 : x > y;
    }
    double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : x > y;
}

bool equal(const json& a, const json& b) {
    Kind ka = kind_of(a), kb = kind_of(b);
    if (ka == Kind::Invalid || kb == Kind::Invalid) return ka == kb;
    if (ka != kb) throw CallError{"incompatible types for comparison"};
    switch (ka) {
        case Kind::Bool:
            return a.get<bool>() == b.get<bool>();
        case Kind::Number:
            return compare_numbers(a, b) == 0;
        case Kind::String:
            return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
        default:
            throw CallError{"non-comparable type " + go_print(b) + ": " + go_type_name(b)};
    }
}

bool less(const json& a, const json& b) {
    Kind ka = kind_of(a), kb = kind_of(b);
    if (ka != Kind::Number && ka != Kind::String) throw CallError{"invalid type for comparison"};
    if (kb != Kind::Number && kb != Kind::String) throw CallError{"invalid type for comparison"};
    if (ka != kb) throw CallError{"incompatible types for comparison"};
    if (ka == Kind::Number) return compare_numbers(a, b) < 0;
    return a.get_ref<const std::string&>() < b.get_ref<const std::string&>();
}

Value fn_eq(std::vector<Value>& a) {
    if (a.size() < 2) throw CallError{"missing argument for comparison"};
    for (size_t i = 1; i < a.size(); ++i)
        if (equal(val(a[0]), val(a[i]))) return {true};
    return {false};
}
Value fn_ne(std::vector<Value>& a) {
    return {!equal(val(a[0]), val(a[1]))};
}
Value fn_lt(std::vector<Value>& a) {
    return {less(val(a[0]), val(a[1]))};
}
Value fn_le(std::vector<Value>& a) {
    return {less(val(a[0]), val(a[1])) || equal(val(a[0]), val(a[1]))};
}
Value fn_gt(std::vector<Value>& a) {
    return {!fn_le(a).v().get<bool>()};
}
Value fn_ge(std::vector<Value>& a) {
    return {!less(val(a[0]), val(a[1]))};
}

Value fn_print(std::vector<Value>& a) {
    return {go_sprint(plain(a))};
}
Value fn_println(std::vector<Value>& a) {
    return {go_sprintln(plain(a))};
}
Value fn_printf(std::vector<Value>& a) {
    const std::string& f = want_string(a, 0);
    std::vector<Value> rest(a.begin() + 1, a.end());
    return {go_sprintf(f, plain(rest))};
}

Value fn_json(std::vector<Value>& a) {
    return {go_json(val(a[0]))};
}

Value fn_split(std::vector<Value>& a) {
    const std::string& s = want_string(a, 0);
    const std::string& sep = want_string(a, 1);
    json out = json::array();
    if (sep.empty()) {
        for (size_t i = 0; i < s.size();) {
            const size_t start = i;
            decode_utf8(s, i);
            out.push_back(s.substr(start, i - start));
        }
        return {out};
    }
    size_t start = 0;
    while (true) {
        size_t x = s.find(sep, start);
        if (x == std::string::npos) break;
        out.push_back(s.substr(start, x - start));
        start = x + sep.size();
    }
    out.push_back(s.substr(start));
    return {out};
}

Value fn_join(std::vector<Value>& a) {
    const json& list = val(a[0]);
    const std::string& sep = want_string(a, 1);
    if (list.is_null()) return {""};
    if (!list.is_array())
        throw ArgError{"wrong type for value; expected []string; got " + go_type_name(list), 0};
    std::string out;
    for (size_t i = 0; i < list.size(); ++i) {
        if (i) out += sep;
        out += go_print(list[i]);
    }
    return {out};
}

// strings.Title: the first letter of each word upper-cased, the rest left alone.
Value fn_title(std::vector<Value>& a) {
    std::string s = want_string(a, 0);
    bool prev_sep = true;
    for (char& c : s) {
        auto u = static_cast<unsigned char>(c);
        bool word = u >= 0x80 || std::isalnum(u) || c == '_';
        if (prev_sep && u < 0x80) c = static_cast<char>(std::toupper(u));
        prev_sep = !word;
    }
    return {s};
}

Value fn_lower(std::vector<Value>& a) {
    std::string s = want_string(a, 0);
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return {s};
}

Value fn_upper(std::vector<Value>& a) {
    std::string s = want_string(a, 0);
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return {s};
}

Value fn_pad(std::vector<Value>& a) {
    const std::string& s = want_string(a, 0);
    int64_t left = want_int(a, 1), right = want_int(a, 2);
    if (left < 0 || right < 0 || left > 4096 || right > 4096)
        throw CallError{"pad width out of range"};
    if (s.empty()) return {s};
    return {std::string(left, ' ') + s + std::string(right, ' ')};
}

Value fn_truncate(std::vector<Value>& a) {
    const std::string& s = want_string(a, 0);
    int64_t n = want_int(a, 1);
    if (static_cast<int64_t>(s.size()) < n) return {s};
    if (n < 0)
        throw CallError{"runtime error: slice bounds out of range [:" + std::to_string(n) + "]"};
    auto cut = static_cast<size_t>(n);
    // stay on a character boundary
    while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80)
        --cut;
    return {s.substr(0, cut)};
}

}  // namespace

const std::map<std::string, FunctionSpec, std::less<>>& functions() {
    static const std::map<std::string, FunctionSpec, std::less<>> table = {
        {"and", {1, -1, nullptr}},
        {"or", {1, -1, nullptr}},
        {"not", {1, 1, fn_not}},
        {"len", {1, 1, fn_len}},
        {"index", {1, -1, fn_index}},
        {"slice", {1, -1, fn_slice}},
        {"eq", {1, -1, fn_eq}},
        {"ne", {2, 2, fn_ne}},
        {"lt", {2, 2, fn_lt}},
        {"le", {2, 2, fn_le}},
        {"gt", {2, 2, fn_gt}},
        {"ge", {2, 2, fn_ge}},
        {"print", {0, -1, fn_print}},
        {"printf", {1, -1, fn_printf}},
        {"println", {0, -1, fn_println}},
        {"json", {1, 1, fn_json}},
        {"split", {2, 2, fn_split}},
        {"join", {2, 2, fn_join}},
        {"title", {1, 1, fn_title}},
        {"lower", {1, 1, fn_lower}},
        {"upper", {1, 1, fn_upper}},
        {"pad", {3, 3, fn_pad}},
        {"truncate", {2, 2, fn_truncate}},
    };
    return table;
}

bool has_function(std::string_view name) {
    return functions().count(name) > 0;
}

}  // namespace tug::cli::output::tmpl
