// tug system df: docker's TYPE TOTAL ACTIVE SIZE RECLAIMABLE summary.
#include "cli/output/format.hpp"
#include "cli/output/human.hpp"
#include "cli/registry.hpp"
#include "engine/api/system.hpp"

namespace tug::commands {
namespace {

struct Flags {
    bool verbose = false;
    std::string format;
};

nlohmann::json row(const std::string& type, const engine::DiskUsageRow& r) {
    std::string reclaimable = cli::output::human_size(static_cast<int64_t>(r.reclaimable));
    if (r.size > 0) reclaimable += " (" + std::to_string(r.reclaimable * 100 / r.size) + "%)";
    return {{"Type", type},
            {"TotalCount", std::to_string(r.total)},
            {"Active", std::to_string(r.active)},
            {"Size", cli::output::human_size(static_cast<int64_t>(r.size))},
            {"Reclaimable", reclaimable}};
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_flag("-v,--verbose", f->verbose, "Show detailed information on space usage");
    app.add_option("--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        const auto r = engine::system_disk_usage(ctx.config);
        cli::output::Listing l;
        l.rows = {row("Images", r.images), row("Containers", r.containers), row("Local Volumes", r.volumes),
                  row("Build Cache", r.build_cache)};
        l.default_format = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
        l.headers = {{"Type", "TYPE"}, {"TotalCount", "TOTAL"}, {"Active", "ACTIVE"}, {"Size", "SIZE"},
                     {"Reclaimable", "RECLAIMABLE"}};
        cli::output::render_listing(ctx.out, l, f->format);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"system df"},
                          .summary = "Show tug disk usage",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
