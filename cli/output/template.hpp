// A Go text/template subset evaluated over JSON, with docker's template functions
// (json, join, split, title, lower, upper, pad, truncate) and Go's builtins.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tug::cli::output {

namespace tmpl {
struct Node;
}

class Template {
  public:
    // Parses text. Throws tug::Error (InvalidArgument) with Go's message, e.g.
    // `template: :1: function "foo" not defined` (no "template parsing error: " prefix).
    static Template parse(std::string_view text);

    // Runs the template with dot = $ = data. header_mode applies docker's
    // HeaderFunctions (json, split, join, title, lower, upper, truncate return their
    // first argument unchanged) so a table header prints the column names as given.
    // Throws tug::Error (InvalidArgument) with Go's message, e.g.
    // `template: :1:2: executing "" at <.Foo.Bar>: nil pointer evaluating interface {}.Bar`.
    std::string execute(const nlohmann::json& data, bool header_mode = false) const;

    // As execute, but on an error returns what was written before it (docker ignores
    // errors while rendering a table header and prints what it has).
    std::string execute_partial(const nlohmann::json& data, bool header_mode = false) const;

    // The first field name of every `.Field...` in the template ({{.ID}} -> "ID"), for
    // building a table header row.
    std::set<std::string> fields() const;

    // The fields of the data the template can read: fields(), or nothing (every field)
    // when it uses the data whole ({{json .}}, {{.}}, a variable, which may be $). A
    // listing builds only these for each row.
    std::optional<std::set<std::string>> fields_read() const;

  private:
    std::string text_;
    std::shared_ptr<const tmpl::Node> root_;
};

}  // namespace tug::cli::output
