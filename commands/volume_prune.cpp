// tug volume prune: remove unused volumes (anonymous ones unless --all), docker's output.
#include <iostream>
#include <string>

#include "cli/output/human.hpp"
#include "cli/registry.hpp"
#include "engine/api/volume.hpp"

namespace tug::commands {
namespace {

struct Flags {
    bool force = false, all = false;
    std::vector<std::string> filters;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_flag("-a,--all", f->all, "Remove all unused volumes, not just anonymous ones");
    app.add_option("--filter", f->filters, "Provide filter values (e.g. \"label=<label>\")")
        ->allow_extra_args(false);
    app.add_flag("-f,--force", f->force, "Do not prompt for confirmation");
    return [f](cli::Context& ctx) {
        if (!f->force) {
            ctx.out << (f->all ? "WARNING! This will remove all local volumes not used by at least one container.\n"
                               : "WARNING! This will remove anonymous local volumes not used by at least one container.\n")
                    << "Are you sure you want to continue? [y/N] " << std::flush;
            std::string answer;
            std::getline(std::cin, answer);
            if (answer != "y" && answer != "Y") return 0;
        }
        auto report = engine::volume_prune(ctx.config, {f->all, f->filters});
        if (!report.deleted.empty()) {
            ctx.out << "Deleted Volumes:\n";
            for (const auto& n : report.deleted) ctx.out << n << "\n";
            ctx.out << "\n";
        }
        ctx.out << "Total reclaimed space: " << cli::output::human_size(report.space_reclaimed) << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"volume prune"},
                          .summary = "Remove unused local volumes",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
