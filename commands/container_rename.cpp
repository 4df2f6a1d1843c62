// tug rename: give a container a new name.
#include "cli/registry.hpp"
#include "commands/container_results.hpp"
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string container, name;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("container", f->container, "Container")->required();
    app.add_option("new-name", f->name, "New name")->required();
    return [f](cli::Context& ctx) {
        return daemon_call(ctx.err,
                           [&] { engine::container_rename(ctx.config, f->container, f->name); });
    };
}

const cli::Registrar reg{{.paths = {"container rename", "rename"},
                          .summary = "Rename a container",
                          .usage = "CONTAINER NEW_NAME",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
