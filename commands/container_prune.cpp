// tug container prune: remove all stopped containers (docker's prompt, output and filters).
#include "cli/registry.hpp"
#include "commands/prune_output.hpp"
#include "engine/api/container_boot.hpp"

namespace tug::commands {
namespace {

struct Flags {
    bool force = false;
    std::vector<std::string> filters;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_flag("-f,--force", f->force, "Do not prompt for confirmation");
    app.add_option("--filter", f->filters, "Provide filter values (e.g. \"until=<timestamp>\")")
        ->allow_extra_args(false);
    return [f](cli::Context& ctx) {
        if (!f->force && !confirm_prune(ctx.out, "WARNING! This will remove all stopped containers.\n")) return 0;
        const auto r = engine::container_prune(ctx.config, {f->filters});
        print_pruned(ctx.out, "Containers", r.deleted, static_cast<int64_t>(r.reclaimed));
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container prune"},
                          .summary = "Remove all stopped containers",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
