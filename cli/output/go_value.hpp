// Go's view of JSON values for templates: fmt's %v printing, encoding/json output,
// truthiness and type names, so that templates print exactly what docker prints.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tug::cli::output {

// fmt.Sprint of the value: strings raw, integers plain, floats in %v form (1.5, 1e+06),
// null as "<nil>", arrays as "[a b]", objects as "map[k:v]" with sorted keys.
std::string go_print(const nlohmann::json& v);

// The Go type a decoded JSON value would have, for error messages ("string", "int",
// "float64", "bool", "[]interface {}", "map[string]interface {}", "<nil>").
std::string go_type_name(const nlohmann::json& v);

// Go template truth: false, 0, "", empty array/object and null are false.
bool go_truth(const nlohmann::json& v);

// encoding/json output. indent < 0: compact (json.Marshal); otherwise json.Indent with
// `indent` spaces per level, empty arrays/objects kept as [] and {}. Like docker's
// encoders (SetEscapeHTML(false)), <, > and & are not escaped unless escape_html.
std::string go_json(const nlohmann::json& v, int indent = -1, bool escape_html = false);

// strconv.Quote.
std::string go_quote(std::string_view s);

// strconv.FormatFloat(v, fmt, prec, 64) for fmt in e/E/f/g/G; prec -1 = shortest.
std::string go_format_float(double v, char fmt, int prec);

}  // namespace tug::cli::output
