// tug update: change the resource limits of containers (running ones via runc update).
#include "cli/registry.hpp"
#include "commands/container_host_flags.hpp"
#include "commands/container_results.hpp"
#include "engine/api/container_update.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> containers;
    ResourceFlags res;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->containers, "Containers")->required();
    add_resource_flags(app, f->res);
    return [f](cli::Context& ctx) {
        engine::ContainerUpdateOptions o;
        o.containers = f->containers;
        apply_resource_flags(f->res, o.resources);
        return print_results(ctx.out, ctx.err, engine::container_update(ctx.config, o));
    };
}

const cli::Registrar reg{{.paths = {"container update", "update"},
                          .summary = "Update configuration of one or more containers",
                          .usage = "[OPTIONS] CONTAINER [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
