// tug restart: stop (signal, grace period, SIGKILL) and start again.
#include "cli/registry.hpp"
#include "commands/container_results.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> containers;
    std::optional<int> timeout;
    std::string signal;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->containers, "Containers")->required();
    app.add_option("-t,--time,--timeout", f->timeout, "Seconds to wait before killing the container");
    app.add_option("-s,--signal", f->signal, "Signal to send to the container");
    return [f](cli::Context& ctx) {
        return print_results(ctx.out, ctx.err,
                             engine::container_restart(ctx.config, {f->containers, f->timeout, f->signal}));
    };
}

const cli::Registrar reg{{.paths = {"container restart", "restart"},
                          .summary = "Restart one or more containers",
                          .usage = "[OPTIONS] CONTAINER [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
