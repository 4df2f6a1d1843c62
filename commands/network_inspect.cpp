// tug network inspect: docker's JSON (or --format) for each network.
#include "commands/inspect_objects.hpp"
#include "engine/api/network.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    return inspect_objects_setup(app, "networks", [](const engine::EngineConfig& cfg,
                                                    const std::string& name) {
        return engine::network_inspect(cfg, name);
    });
}

const cli::Registrar reg{{.paths = {"network inspect"},
                          .summary = "Display detailed information on one or more networks",
                          .usage = "[OPTIONS] NETWORK [NETWORK...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
