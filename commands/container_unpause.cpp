// tug unpause: thaw the processes of paused containers.
#include "cli/registry.hpp"
#include "commands/container_results.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    auto containers = std::make_shared<std::vector<std::string>>();
    app.add_option("containers", *containers, "Containers")->required();
    return [containers](cli::Context& ctx) {
        return print_results(ctx.out, ctx.err, engine::container_unpause(ctx.config, *containers));
    };
}

const cli::Registrar reg{{.paths = {"container unpause", "unpause"},
                          .summary = "Unpause all processes within one or more containers",
                          .usage = "CONTAINER [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
