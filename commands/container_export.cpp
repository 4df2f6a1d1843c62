// tug export: a container's file system as a tar archive (-o file, or stdout).
#include "cli/registry.hpp"
#include "commands/archive_output.hpp"
#include "engine/api/archive.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string container;
    std::string output;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("container", f->container, "Container")->required();
    app.add_option("-o,--output", f->output, "Write to a file, instead of STDOUT");
    return [f](cli::Context& ctx) {
        engine::ContainerExportOptions opts;
        opts.container = f->container;
        write_archive_output(ctx, f->output, [&](int fd) {
            opts.out_fd = fd;
            engine::container_export(ctx.config, opts);
        });
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container export", "export"},
                          .summary = "Export a container's filesystem as a tar archive",
                          .usage = "[OPTIONS] CONTAINER",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
