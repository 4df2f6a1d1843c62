// Docker-style output shared by every listing and inspect command: aligned tables,
// --format Go templates, `json` shorthand, -q.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"

namespace tug::cli::output {

// A --format template that does not parse (rather than one failing on a value): docker's
// inspect, info and version exit 64 for it (cli/exit_code.hpp).
class TemplateParseError : public Error {
public:
    explicit TemplateParseError(std::string message) : Error(Errc::InvalidArgument, std::move(message)) {}
};

// A listing: rows are JSON objects whose keys are docker's template field names
// (ps: "ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names", ...).
struct Listing {
    std::vector<nlohmann::json> rows;
    // The default table when --format is empty, e.g.
    // "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
    std::string default_format;
    // Column header of each field, e.g. {"ID", "CONTAINER ID"}, {"RunningFor", "CREATED"}.
    // A field without an entry gets its name upper-cased with words split ("CreatedAt" ->
    // "CREATED AT").
    std::map<std::string, std::string> headers;
};

// Renders a listing for --format (empty: default_format). Forms, as docker:
//   "table" / "table TEMPLATE": header line + one line per row, columns aligned like
//     docker's tabwriter (min width 10, padding 3; the last column unpadded);
//   "json": each row as one line of compact JSON;
//   "TEMPLATE": the template once per row, each followed by a newline.
// Throws tug::Error (InvalidArgument) with Go's wording on a template error.
void render_listing(std::ostream& out, const Listing& listing, const std::string& format);

// The row fields render_listing will read for this --format (nothing: all of them), so
// that a long listing computes only the columns it prints. Throws as render_listing.
std::optional<std::set<std::string>> listing_fields(const std::string& default_format,
                                                    const std::string& format);

// Renders inspect results: no format -> a JSON array indented by 4 spaces (docker's
// layout); "json" -> same; otherwise the template once per object, newline after each.
void render_inspect(std::ostream& out, const std::vector<nlohmann::json>& objects,
                    const std::string& format);

// Renders one object with a template (tug info --format, version --format); no newline
// is added. "json" renders the object as compact JSON, as docker's `--format json`.
// Sizes, durations and short ids for report fields: cli/output/human.hpp.
std::string render_template(const std::string& format, const nlohmann::json& data);

}  // namespace tug::cli::output
