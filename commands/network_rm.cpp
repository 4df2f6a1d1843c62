// tug network rm: remove networks, printing each; networks with containers are refused.
#include "cli/registry.hpp"
#include "engine/api/network.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    auto names = std::make_shared<std::vector<std::string>>();
    app.add_option("networks", *names, "Networks")->required();
    return [names](cli::Context& ctx) {
        int rc = 0;
        for (const auto& r : engine::network_remove(ctx.config, *names)) {
            if (r.error) {
                ctx.err << "Error response from daemon: " << *r.error << "\n";
                rc = 1;
            } else {
                ctx.out << r.network << "\n";
            }
        }
        return rc;
    };
}

const cli::Registrar reg{{.paths = {"network rm", "network remove"},
                          .summary = "Remove one or more networks",
                          .usage = "NETWORK [NETWORK...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
