// tug kill: send a signal (SIGKILL by default) to running containers.
#include "cli/registry.hpp"
#include "commands/container_results.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> containers;
    std::string signal = "KILL";
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->containers, "Containers")->required();
    app.add_option("-s,--signal", f->signal, "Signal to send to the container");
    return [f](cli::Context& ctx) {
        return print_results(ctx.out, ctx.err, engine::container_kill(ctx.config, {f->containers, f->signal}));
    };
}

const cli::Registrar reg{{.paths = {"container kill", "kill"},
                          .summary = "Kill one or more running containers",
                          .usage = "[OPTIONS] CONTAINER [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
