// tug exec: run a command in a running container (docker exec).
#include <unistd.h>

#include "cli/arg_count.hpp"
#include "cli/env_flags.hpp"
#include "cli/registry.hpp"
#include "commands/container_terminal.hpp"
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    bool interactive = false, tty = false, detach = false, privileged = false;
    std::string user, workdir, detach_keys;
    std::vector<std::string> env, env_files;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.prefix_command();
    app.add_flag("-i,--interactive", f->interactive, "Keep STDIN open even if not attached");
    app.add_flag("-t,--tty", f->tty, "Allocate a pseudo-TTY");
    app.add_flag("-d,--detach", f->detach, "Detached mode: run command in the background");
    app.add_flag("--privileged", f->privileged, "Give extended privileges to the command");
    app.add_option("-u,--user", f->user, "Username or UID (format: \"<name|uid>[:<group|gid>]\")");
    app.add_option("-w,--workdir", f->workdir, "Working directory inside the container");
    app.add_option("-e,--env", f->env, "Set environment variables")->allow_extra_args(false);
    app.add_option("--env-file", f->env_files, "Read in a file of environment variables")->allow_extra_args(false);
    app.add_option("--detach-keys", f->detach_keys, "Override the key sequence for detaching a container");
    return [f, &app](cli::Context& ctx) {
        auto rest = app.remaining();
        cli::require_args(rest, {.min = 2});
        engine::ContainerExecOptions o;
        o.container = rest[0];
        o.command.assign(rest.begin() + 1, rest.end());
        o.interactive = f->interactive;
        o.tty = f->tty;
        o.detach = f->detach;
        o.privileged = f->privileged;
        o.user = f->user;
        o.workdir = f->workdir;
        o.env = cli::resolve_env_flags(f->env_files, f->env);
        o.detach_keys = f->detach_keys;
        std::optional<RawTerminal> raw;
        if (o.tty && !o.detach) {
            if (ctx.stdin_is_tty && o.interactive) raw.emplace();
            watch_window_size();
            o.resize_pending = resize_pending;
            o.window_size = window_size;
        }
        ctx.out.flush();
        engine::ContainerExecReport r;
        try {
            r = engine::container_exec(ctx.config, o);
        } catch (const Error& e) {
            // docker exec: the daemon's refusals exit 1; a command that cannot be run is
            // 126/127 (the CLI maps those classes).
            if (e.code() == Errc::CannotInvoke || e.code() == Errc::CommandNotFound ||
                e.code() == Errc::InvalidArgument)
                throw;
            raw.reset();
            ctx.err << "Error response from daemon: " << e.message() << "\n";
            return 1;
        }
        return r.exit_code;
    };
}

const cli::Registrar reg{{.paths = {"container exec", "exec"},
                          .summary = "Execute a command in a running container",
                          .usage = "[OPTIONS] CONTAINER COMMAND [ARG...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
