// tug wait: block until containers stop, print their exit codes.
#include "cli/registry.hpp"
#include "engine/api/container.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    auto containers = std::make_shared<std::vector<std::string>>();
    app.add_option("containers", *containers, "Containers")->required();
    return [containers](cli::Context& ctx) {
        for (int code : engine::container_wait(ctx.config, {*containers})) ctx.out << code << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container wait", "wait"},
                          .summary = "Block until one or more containers stop, then print their exit codes",
                          .usage = "CONTAINER [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
