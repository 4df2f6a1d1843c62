// tug network disconnect: detach a container from one network.
#include "cli/registry.hpp"
#include "commands/container_results.hpp"
#include "engine/api/container_network.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string network, container;
    bool force = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("network", f->network, "Network")->required();
    app.add_option("container", f->container, "Container")->required();
    app.add_flag("-f,--force", f->force, "Force the container to disconnect from a network");
    return [f](cli::Context& ctx) {
        return daemon_call(ctx.err, [&] {
            engine::container_network_disconnect(ctx.config, f->container, f->network, f->force);
        });
    };
}

const cli::Registrar reg{{.paths = {"network disconnect"},
                          .summary = "Disconnect a container from a network",
                          .usage = "[OPTIONS] NETWORK CONTAINER",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
