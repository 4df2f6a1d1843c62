// tug volume inspect: docker's JSON (or --format) for each volume.
#include "commands/inspect_objects.hpp"
#include "engine/api/volume.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    return inspect_objects_setup(app, "volumes", [](const engine::EngineConfig& cfg,
                                                    const std::string& name) {
        return engine::volume_inspect(cfg, name);
    });
}

const cli::Registrar reg{{.paths = {"volume inspect"},
                          .summary = "Display detailed information on one or more volumes",
                          .usage = "[OPTIONS] VOLUME [VOLUME...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
