// tug network ls: NETWORK ID, NAME, DRIVER, SCOPE; -q, --filter, --format, --no-trunc.
#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/api/network.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

using nlohmann::json;

struct Flags {
    bool quiet = false, no_trunc = false;
    std::vector<std::string> filters;
    std::string format;
};

// docker's NetworkContext fields.
json row_of(const engine::NetworkRecord& n, bool no_trunc) {
    std::string labels;
    for (const auto& [k, v] : n.labels) labels += (labels.empty() ? "" : ",") + k + "=" + v;
    return {{"ID", no_trunc ? n.id : n.id.substr(0, 12)},
            {"Name", n.name},
            {"Driver", n.driver},
            {"Scope", "local"},
            {"IPv6", n.enable_ipv6 ? "true" : "false"},
            {"Internal", n.internal ? "true" : "false"},
            {"Labels", labels},
            {"CreatedAt", engine::network_created_at(n)}};
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_flag("-q,--quiet", f->quiet, "Only display network IDs");
    app.add_flag("--no-trunc", f->no_trunc, "Do not truncate the output");
    app.add_option("-f,--filter", f->filters, "Provide filter values (e.g. \"driver=bridge\")")->allow_extra_args(false);
    app.add_option("--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        engine::NetworkListOptions opts;
        for (const auto& flt : f->filters) {
            auto eq = flt.find('=');
            if (eq == std::string::npos) throw Error(Errc::InvalidArgument, "bad format of filter (expected name=value)");
            opts.filters.emplace(flt.substr(0, eq), flt.substr(eq + 1));
        }
        cli::output::Listing listing;
        listing.default_format = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
        listing.headers = {{"ID", "NETWORK ID"}, {"Name", "NAME"}, {"Driver", "DRIVER"}, {"Scope", "SCOPE"}};
        for (const auto& n : engine::network_list(ctx.config, opts)) listing.rows.push_back(row_of(n, f->no_trunc));
        cli::output::render_listing(ctx.out, listing, f->quiet ? "{{.ID}}" : f->format);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"network ls", "network list"},
                          .summary = "List networks",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
