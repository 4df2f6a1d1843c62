// tug attach: attach our stdin, stdout and stderr to a running container (docker attach).
#include "cli/registry.hpp"
#include "commands/container_terminal.hpp"
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string container;
    bool no_stdin = false;
    bool sig_proxy = true;
    std::string detach_keys;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("container", f->container, "Container")->required();
    app.add_flag("--no-stdin", f->no_stdin, "Do not attach STDIN");
    app.add_option("--sig-proxy", f->sig_proxy, "Proxy all received signals to the process");
    app.add_option("--detach-keys", f->detach_keys, "Override the key sequence for detaching a container");
    return [f](cli::Context& ctx) {
        const auto rec = engine::container_get(ctx.config, f->container);
        const auto& state = rec.state;
        if (!state.running())
            throw Error(Errc::FailedPrecondition, "You cannot attach to a stopped container, start it first");
        if (state.paused())
            throw Error(Errc::FailedPrecondition, "You cannot attach to a paused container, unpause it first");
        if (state.restarting())
            throw Error(Errc::FailedPrecondition,
                        "You cannot attach to a restarting container, wait until it is running");
        engine::ContainerAttachOptions ao;
        ao.container = rec.id;
        ao.tty = rec.config.tty;
        ao.stdin = !f->no_stdin && rec.config.open_stdin;
        ao.detach_keys = f->detach_keys;
        std::optional<RawTerminal> raw;
        if (ao.tty && ctx.stdin_is_tty && ao.stdin) raw.emplace();
        if (ao.tty) {
            watch_window_size();
            ao.resize_pending = resize_pending;
            ao.window_size = window_size;
        }
        // docker proxies signals only to a container without a tty (the tty has ^C).
        if (f->sig_proxy && !ao.tty) {
            watch_proxied_signals();
            ao.pending_signal = pending_signal;
        }
        engine::AttachSink sink{[](std::string_view d) { write_quietly(1, d); },
                                [](std::string_view d) { write_quietly(2, d); }};
        auto r = engine::container_attach(ctx.config, ao, sink);
        if (r.detached) return 0;
        return r.exited ? r.exit_code : 0;
    };
}

const cli::Registrar reg{{.paths = {"container attach", "attach"},
                          .summary = "Attach local standard input, output, and error streams to a running container",
                          .usage = "[OPTIONS] CONTAINER",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
