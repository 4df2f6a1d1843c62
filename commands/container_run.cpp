// tug run: create and start a container; in the foreground, relay its streams and exit
// with its status (docker run).
#include <algorithm>

#include "cli/arg_count.hpp"
#include "cli/exit_code.hpp"
#include "cli/registry.hpp"
#include "commands/container_cidfile.hpp"
#include "commands/container_create_flags.hpp"
#include "commands/container_terminal.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    CreateFlags create;
    bool detach = false;
    bool sig_proxy = true;
    std::string detach_keys;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    add_create_flags(app, f->create);
    app.add_flag("-d,--detach", f->detach, "Run container in background and print container ID");
    app.add_option("--sig-proxy", f->sig_proxy, "Proxy received signals to the process");
    app.add_option("--detach-keys", f->detach_keys, "Override the key sequence for detaching a container");
    return [f, &app](cli::Context& ctx) {
        cli::require_args(app.remaining(), {.min = 1});
        auto opts = to_create_options(f->create, app.remaining());
        if (f->detach && !opts.attach.empty())
            throw cli::StagedError(Error(Errc::InvalidArgument, "Conflicting options: -a and -d"),
                                   cli::Stage::Checks);
        CidFile cidfile(opts.cidfile);
        auto created = engine::container_create(ctx.config, opts);
        cidfile.write(created.id);
        for (const auto& w : created.warnings) ctx.err << "WARNING: " << w << "\n";
        if (f->detach) {
            engine::container_start(ctx.config, {.container = created.id});
            ctx.out << created.id << "\n";
            return 0;
        }
        ctx.out.flush();
        engine::container_start(ctx.config, {.container = created.id, .wait_for_attach = true});

        engine::ContainerAttachOptions ao;
        ao.container = created.id;
        // -a: only the streams named are relayed (docker's default: stdout, stderr, and
        // stdin with -i).
        const auto attached = [&](const char* s) {
            return opts.attach.empty() || std::find(opts.attach.begin(), opts.attach.end(), s) != opts.attach.end();
        };
        ao.stdin = opts.interactive && attached("stdin");
        ao.tty = opts.tty;
        ao.detach_keys = f->detach_keys;
        std::optional<RawTerminal> raw;
        if (opts.tty && ctx.stdin_is_tty) {
            raw.emplace();
            watch_window_size();
            ao.resize_pending = resize_pending;
            ao.window_size = window_size;
        }
        if (f->sig_proxy && !opts.tty) {
            watch_proxied_signals();
            ao.pending_signal = pending_signal;
        }
        const bool out = attached("stdout"), err = attached("stderr");
        engine::AttachSink sink{[out](std::string_view d) { if (out) write_quietly(1, d); },
                                [err](std::string_view d) { if (err) write_quietly(2, d); }};
        auto report = engine::container_attach(ctx.config, ao, sink);
        if (report.detached) return 0;
        return report.exited ? report.exit_code : 125;
    };
}

const cli::Registrar reg{{.paths = {"container run", "run"},
                          .summary = "Create and run a new container from an image",
                          .usage = "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
