// tug rm: remove containers (-f kills running ones first).
#include "cli/registry.hpp"
#include "commands/container_results.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> containers;
    bool force = false, volumes = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->containers, "Containers")->required();
    app.add_flag("-f,--force", f->force, "Force the removal of a running container (uses SIGKILL)");
    app.add_flag("-v,--volumes", f->volumes, "Remove anonymous volumes associated with the container");
    return [f](cli::Context& ctx) {
        return print_results(ctx.out, ctx.err,
                             engine::container_remove(ctx.config, {f->containers, f->force, f->volumes}));
    };
}

const cli::Registrar reg{{.paths = {"container rm", "container remove", "rm"},
                          .summary = "Remove one or more containers",
                          .usage = "[OPTIONS] CONTAINER [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
