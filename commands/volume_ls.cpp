// tug volume ls: list volumes (DRIVER, VOLUME NAME), -q, --filter, --format.
#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/api/volume.hpp"

namespace tug::commands {
namespace {

using nlohmann::json;

struct Flags {
    bool quiet = false;
    std::vector<std::string> filters;
    std::string format;
};

// docker's VolumeContext fields.
json row_of(const engine::EngineConfig& cfg, const engine::VolumeRecord& v) {
    std::string labels;
    for (const auto& [k, val] : v.labels) labels += (labels.empty() ? "" : ",") + k + "=" + val;
    return {{"Name", v.name},
            {"Driver", v.driver},
            {"Scope", "local"},
            {"Mountpoint", engine::volume_mountpoint(cfg, v.name)},
            {"Labels", labels},
            {"Links", "N/A"},
            {"Size", "N/A"},
            {"CreatedAt", engine::volume_created_at(v)},
            {"Group", "N/A"},
            {"Availability", "N/A"},
            {"Status", "N/A"}};
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_flag("-q,--quiet", f->quiet, "Only display volume names");
    app.add_option("-f,--filter", f->filters, "Provide filter values (e.g. \"dangling=true\")")
        ->allow_extra_args(false);
    app.add_option("--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        auto volumes = engine::volume_list(ctx.config, {f->filters});
        cli::output::Listing listing;
        listing.default_format = "table {{.Driver}}\t{{.Name}}";
        listing.headers = {{"Name", "VOLUME NAME"}, {"Driver", "DRIVER"}};
        for (const auto& v : volumes) listing.rows.push_back(row_of(ctx.config, v));
        std::string format = f->format;
        if (f->quiet) format = "{{.Name}}";
        cli::output::render_listing(ctx.out, listing, format);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"volume ls", "volume list"},
                          .summary = "List volumes",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
