// tug start: start stopped containers; with -a/-i, attach to the (single) container.
#include <unistd.h>

#include "cli/registry.hpp"
#include "commands/container_terminal.hpp"
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> containers;
    bool attach = false, interactive = false;
    std::string detach_keys;
};

int start_attached(cli::Context& ctx, const Flags& f) {
    if (f.containers.size() != 1)
        throw Error(Errc::InvalidArgument, "you cannot start and attach multiple containers at once");
    const auto rec = engine::container_get(ctx.config, f.containers[0]);
    const bool tty = rec.config.tty;
    engine::ContainerAttachOptions ao;
    ao.stdin = f.interactive && rec.config.open_stdin;
    ao.tty = tty;
    ao.detach_keys = f.detach_keys;
    std::optional<RawTerminal> raw;
    if (tty && ctx.stdin_is_tty && ao.stdin) {
        raw.emplace();
        watch_window_size();
        ao.resize_pending = resize_pending;
        ao.window_size = window_size;
    }
    if (!tty) {
        watch_proxied_signals();
        ao.pending_signal = pending_signal;
    }
    auto r = engine::container_start(ctx.config, {.container = f.containers[0], .wait_for_attach = true});
    ao.container = r.id;
    engine::AttachSink sink{[](std::string_view d) { write_quietly(1, d); },
                            [](std::string_view d) { write_quietly(2, d); }};
    auto rep = engine::container_attach(ctx.config, ao, sink);
    if (rep.detached) return 0;
    return rep.exited ? rep.exit_code : 0;
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->containers, "Containers")->required();
    app.add_flag("-a,--attach", f->attach, "Attach STDOUT/STDERR and forward signals");
    app.add_flag("-i,--interactive", f->interactive, "Attach container's STDIN");
    app.add_option("--detach-keys", f->detach_keys, "Override the key sequence for detaching a container");
    return [f](cli::Context& ctx) {
        if (f->attach || f->interactive) return start_attached(ctx, *f);
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
