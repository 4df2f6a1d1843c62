// tug export: a container's file system as a tar archive (-o file, or stdout).
#include <fcntl.h>
#include <unistd.h>

#include "cli/registry.hpp"
#include "engine/api/archive.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

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
        if (f->output.empty()) {
            if (ctx.stdout_is_tty)
                throw Error(Errc::InvalidArgument,
                            "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            ctx.out.flush();
            opts.out_fd = STDOUT_FILENO;
            engine::container_export(ctx.config, opts);
            return 0;
        }
        const std::string tmp = f->output + ".tmp-" + std::to_string(::getpid());
        base::UniqueFd fd = base::open_fd(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        try {
            opts.out_fd = fd.get();
            engine::container_export(ctx.config, opts);
            fd.reset();
            if (::rename(tmp.c_str(), f->output.c_str()) != 0) throw sys_error("rename " + f->output);
        } catch (...) {
            ::unlink(tmp.c_str());
            throw;
        }
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container export", "export"},
                          .summary = "Export a container's filesystem as a tar archive",
                          .usage = "[OPTIONS] CONTAINER",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
