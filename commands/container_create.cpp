// tug create: create a container without starting it; prints its id.
#include "cli/arg_count.hpp"
#include "cli/exit_code.hpp"
#include "cli/registry.hpp"
#include "commands/container_cidfile.hpp"
#include "commands/container_create_flags.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<CreateFlags>();
    add_create_flags(app, *f);
    return [f, &app](cli::Context& ctx) {
        cli::require_args(app.remaining(), {.min = 1});
        engine::ContainerCreateOptions opts;
        try {
            opts = to_create_options(*f, app.remaining());
        } catch (const Error& e) {
            // docker's create: 125 for what its parse() rejects, 1 for the daemon's errors.
            throw cli::StagedError(e, cli::Stage::Options);
        }
        CidFile cidfile(opts.cidfile);
        auto created = engine::container_create(ctx.config, opts);
        cidfile.write(created.id);
        for (const auto& w : created.warnings) ctx.err << "WARNING: " << w << "\n";
        ctx.out << created.id << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container create", "create"},
                          .summary = "Create a new container",
                          .usage = "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
