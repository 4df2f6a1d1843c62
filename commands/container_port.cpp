// tug port: a container's published ports, docker's "80/tcp -> 0.0.0.0:8080" lines.
#include "cli/registry.hpp"
#include "engine/api/container.hpp"

namespace tug::commands {
namespace {

struct Args {
    std::string container, port;
};

std::string host_of(const engine::network::PortMapping& m) {
    return (m.host_ip.empty() ? "0.0.0.0" : m.host_ip) + ":" + std::to_string(m.host_port);
}

cli::Action setup(CLI::App& app) {
    auto a = std::make_shared<Args>();
    app.add_option("container", a->container, "Container")->required();
    app.add_option("port", a->port, "PRIVATE_PORT[/PROTO]");
    return [a](cli::Context& ctx) {
        const auto rec = engine::container_get(ctx.config, a->container);
        const auto& ports = rec.ports;
        if (a->port.empty()) {
            for (const auto& m : ports)
                ctx.out << m.container_port << "/" << m.protocol << " -> " << host_of(m) << "\n";
            return 0;
        }
        std::string want = a->port;
        if (want.find('/') == std::string::npos) want += "/tcp";
        bool found = false;
        for (const auto& m : ports) {
            if (std::to_string(m.container_port) + "/" + m.protocol != want) continue;
            ctx.out << host_of(m) << "\n";
            found = true;
        }
        if (found) return 0;
        // docker's CLI prints this one itself and exits 1, not 125.
        ctx.err << "Error: No public port '" << want << "' published for " << a->container << "\n";
        return 1;
    };
}

const cli::Registrar reg{{.paths = {"container port", "port"},
                          .summary = "List port mappings or a specific mapping for the container",
                          .usage = "CONTAINER [PRIVATE_PORT[/PROTO]]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
