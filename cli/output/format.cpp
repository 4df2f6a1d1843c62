// render_listing / render_inspect / render_template: docker's --format handling
// (table, json, templates) on top of the template engine and the tabwriter.
#include "cli/output/format.hpp"

#include <cctype>
#include <set>

#include "cli/output/go_value.hpp"
#include "cli/output/tabwriter.hpp"
#include "cli/output/template.hpp"
#include "engine/base/error.hpp"

namespace tug::cli::output {

using nlohmann::json;

namespace {

std::string trim_spaces(std::string_view s) {
    size_t b = s.find_first_not_of(' ');
    if (b == std::string_view::npos) return "";
    size_t e = s.find_last_not_of(' ');
    return std::string(s.substr(b, e - b + 1));
}

std::string trim_white(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// Docker lets shell users write \t and \n literally in a listing format.
std::string unescape_tabs(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 't' || s[i + 1] == 'n')) {
            out += s[i + 1] == 't' ? '\t' : '\n';
            ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

Template parse_or_throw(const std::string& text) {
    try {
        return Template::parse(text);
    } catch (Error& e) {
        throw TemplateParseError("template parsing error: " + e.message());
    }
}

// "CreatedAt" -> "CREATED AT", "ID" -> "ID", "IPAddress" -> "IP ADDRESS".
std::string header_of(const std::string& field) {
    std::string out;
    for (size_t i = 0; i < field.size(); ++i) {
        auto c = static_cast<unsigned char>(field[i]);
        if (i > 0 && std::isupper(c)) {
            auto prev = static_cast<unsigned char>(field[i - 1]);
            bool next_lower =
                i + 1 < field.size() && std::islower(static_cast<unsigned char>(field[i + 1]));
            if (std::islower(prev) || std::isdigit(prev) || (std::isupper(prev) && next_lower))
                out += ' ';
        }
        out += static_cast<char>(std::toupper(c));
    }
    return out;
}

}  // namespace

namespace {

// A listing's --format as a template over one row, and whether it is a table.
struct RowTemplate {
    Template tmpl;
    bool table = false;
};

RowTemplate row_template(const std::string& default_format, const std::string& format) {
    std::string f = format;
    if (f.empty() || f == "table") f = default_format;
    std::string body;
    bool table = false;
    if (trim_white(f) == "json") {
        body = "{{json .}}";
    } else if (f.starts_with("table")) {
        table = true;
        body = f.substr(5);
    } else {
        body = f;
    }
    return {parse_or_throw(unescape_tabs(trim_spaces(body))), table};
}

}  // namespace

std::optional<std::set<std::string>> listing_fields(const std::string& default_format,
                                                    const std::string& format) {
    return row_template(default_format, format).tmpl.fields_read();
}

void render_listing(std::ostream& out, const Listing& listing, const std::string& format) {
    auto [tmpl, table] = row_template(listing.default_format, format);

    std::string rows;
    for (const auto& row : listing.rows)
        rows += tmpl.execute(row) + "\n";
    if (!table) {
        out << rows;
        return;
    }
    json header = json::object();
    std::set<std::string> names = tmpl.fields();
    // Every row of a listing has the same fields: the first one names them.
    if (!listing.rows.empty() && listing.rows.front().is_object())
        for (const auto& [k, v] : listing.rows.front().items()) names.insert(k);
    for (const auto& [k, v] : listing.headers)
        names.insert(k);
    for (const auto& name : names) {
        auto it = listing.headers.find(name);
        header[name] = it != listing.headers.end() ? it->second : header_of(name);
    }
    out << tabwrite(tmpl.execute_partial(header, true) + "\n" + rows);
}

void render_inspect(std::ostream& out, const std::vector<json>& objects,
                    const std::string& format) {
    if (format.empty() || trim_white(format) == "json") {
        if (objects.empty()) {
            out << "[]\n";
            return;
        }
        out << go_json(json(objects), 4) << "\n";
        return;
    }
    Template tmpl = parse_or_throw(format);
    std::string rendered;
    std::string errors;
    for (const auto& obj : objects) {
        try {
            rendered += tmpl.execute(obj) + "\n";
        } catch (const Error& e) {
            // docker reports every failed object and still prints the others
            if (!errors.empty()) errors += "\n";
            errors += "template parsing error: " + e.message();
        }
    }
    out << rendered;
    if (!errors.empty()) throw Error(Errc::InvalidArgument, errors);
}

std::string render_template(const std::string& format, const json& data) {
    if (trim_white(format) == "json") return go_json(data);
    return parse_or_throw(format).execute(data);
}

}  // namespace tug::cli::output
