// tug network connect: attach a running container to one more network.
#include "cli/registry.hpp"
#include "commands/container_results.hpp"
#include "engine/api/container_network.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string network, container, ip;
    std::vector<std::string> aliases;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("network", f->network, "Network")->required();
    app.add_option("container", f->container, "Container")->required();
    app.add_option("--alias", f->aliases, "Add network-scoped alias for the container")
        ->allow_extra_args(false);
    app.add_option("--ip", f->ip, "IPv4 address (e.g., \"172.30.100.104\")");
    return [f](cli::Context& ctx) {
        return daemon_call(ctx.err, [&] {
            engine::container_network_connect(ctx.config, f->container, f->network, f->aliases,
                                              f->ip);
        });
    };
}

const cli::Registrar reg{{.paths = {"network connect"},
                          .summary = "Connect a container to a network",
                          .usage = "[OPTIONS] NETWORK CONTAINER",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
