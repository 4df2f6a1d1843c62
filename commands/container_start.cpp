// tug start: start stopped containers; with -a, attach to the (single) container.
#include <unistd.h>

#include "cli/registry.hpp"
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> containers;
    bool attach = false, interactive = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->containers, "Containers")->required();
    app.add_flag("-a,--attach", f->attach, "Attach STDOUT/STDERR and forward signals");
    app.add_flag("-i,--interactive", f->interactive, "Attach container's STDIN");
    return [f](cli::Context& ctx) {
        if (f->attach || f->interactive) {
            if (f->containers.size() != 1)
                throw Error(Errc::InvalidArgument, "you cannot start and attach multiple containers at once");
            auto r = engine::container_start(ctx.config, {.container = f->containers[0], .wait_for_attach = true});
            engine::ContainerAttachOptions ao;
            ao.container = r.id;
            ao.stdin = f->interactive;
            auto write_fd = [](int fd, std::string_view d) {
                try {
                    base::write_all(fd, d.data(), d.size());
                } catch (...) {
                }
            };
            engine::AttachSink sink{[&](std::string_view d) { write_fd(1, d); },
                                    [&](std::string_view d) { write_fd(2, d); }};
            auto rep = engine::container_attach(ctx.config, ao, sink);
            return rep.exited ? rep.exit_code : 0;
        }
        std::string failed;
        for (const auto& c : f->containers) {
            try {
                engine::container_start(ctx.config, {.container = c});
                ctx.out << c << "\n";
            } catch (const Error& e) {
                ctx.err << "Error response from daemon: " << e.message() << "\n";
                failed += (failed.empty() ? "" : ", ") + c;
            }
        }
        if (failed.empty()) return 0;
        ctx.err << "Error: failed to start containers: " << failed << "\n";
        return 1;
    };
}

const cli::Registrar reg{{.paths = {"container start", "start"},
                          .summary = "Start one or more stopped containers",
                          .usage = "[OPTIONS] CONTAINER [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
