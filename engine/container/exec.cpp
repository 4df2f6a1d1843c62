// container_exec: a process started in a running container with `runc exec`. Without
// -t the caller's fds go straight to the process; with -t runc hands us the pty master
// and this process relays it (detach keys, window size), reaping the process itself as
// a child subreaper to learn its exit status.
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/random.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/container/detach_keys.hpp"
#include "engine/container/exec_process.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"
#include "engine/base/unix_socket.hpp"
#include "engine/runtime/console.hpp"
#include "engine/security/capabilities.hpp"
#include "engine/spec/config_merge.hpp"

namespace tug::engine {

using nlohmann::json;

namespace {

void check_running(const EngineConfig& config, const ContainerRecord& rec) {
    const std::string& id = rec.id;
    if (!container::monitor_alive(config, id))
        throw Error(Errc::Conflict, "container " + id + " is not running");
    auto status = container::runtime_for(config, rec)->status(id);
    if (status == "paused")
        throw Error(Errc::Conflict, "Container " + id + " is paused, unpause the container before exec");
    if (status != "running") throw Error(Errc::Conflict, "container " + id + " is not running");
}

json build_process(const ContainerRecord& rec, const container::Paths& paths,
                   const ContainerExecOptions& opts) {
    container::ExecProcessInput in;
    in.args = opts.command;
    in.env = opts.env;
    in.user = opts.user;
    in.workdir = opts.workdir;
    in.tty = opts.tty && !opts.detach;
    in.privileged = opts.privileged;
    if (opts.privileged) in.all_capabilities = security::all_capabilities(security::CapabilityEnv::current());
    in.rootfs = paths.rootfs;
    json spec = json::parse(base::read_file(paths.state + "/config.json"));
    try {
        return container::exec_process(spec["process"], rec.config, in);
    } catch (const Error& e) {
        // docker reports an unknown -u user as the runtime's failure to start: 126.
        if (e.code() != Errc::InvalidArgument) throw;
        throw Error(Errc::CannotInvoke, e.message());
    }
}

// Relays the pty master until the process closes it or the detach keys are typed.
// Returns true when detached.
bool relay_tty(int master, const ContainerExecOptions& opts) {
    container::DetachKeyFilter keys(
        container::parse_detach_keys(opts.detach_keys.empty() ? container::kDefaultDetachKeys : opts.detach_keys));
    auto resize = [&] {
        if (!opts.window_size) return;
        auto [rows, cols] = opts.window_size();
        runtime::resize_console(master, rows, cols);
    };
    resize();
    bool stdin_open = opts.interactive;
    for (;;) {
        pollfd fds[2] = {{master, POLLIN, 0}, {stdin_open ? opts.stdin_fd : -1, POLLIN, 0}};
        int r = ::poll(fds, 2, opts.resize_pending ? 200 : -1);
        if (r < 0 && errno != EINTR) throw sys_error("poll");
        if (opts.resize_pending && opts.resize_pending()) resize();
        if (r <= 0) continue;
        if (fds[1].revents) {
            char buf[4096];
            ssize_t n = ::read(opts.stdin_fd, buf, sizeof buf);
            if (n > 0) {
                std::string pass = keys.feed(std::string_view(buf, static_cast<size_t>(n)));
                if (!pass.empty()) base::write_all(master, pass.data(), pass.size());
                if (keys.detached()) return true;
            } else if (n == 0 || errno != EINTR) {
                // docker sends EOF to a pty as ctrl-d; the process decides what it means.
                stdin_open = false;
                const char eot = 4;
                base::write_all(master, &eot, 1);
            }
        }
        if (fds[0].revents) {
            char buf[32768];
            ssize_t n = ::read(master, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;  // EIO: every holder of the slave is gone
            try {
                base::write_all(opts.stdout_fd, buf, static_cast<size_t>(n));
            } catch (const Error&) {
            }
        }
    }
}

}  // namespace

ContainerExecReport container_exec(const EngineConfig& config, const ContainerExecOptions& opts) {
    if (opts.command.empty()) throw Error(Errc::InvalidArgument, "exec requires at least 2 arguments");
    if (!opts.detach_keys.empty()) (void)container::parse_detach_keys(opts.detach_keys);
    container::Store store(config);
    const std::string id = store.resolve(opts.container);
    const ContainerRecord rec = store.get(id);
    check_running(config, rec);
    auto paths = container::paths_for(config, id);

    // Per-exec files, so that concurrent execs in one container never share them.
    const std::string tag = base::random_id().substr(0, 12);
    runtime::ExecOptions eo;
    eo.process_json = paths.state + "/exec-" + tag + ".json";
    eo.log = paths.state + "/exec-" + tag + ".log";
    base::ScopeGuard cleanup([&] {
        ::unlink(eo.process_json.c_str());
        ::unlink(eo.log.c_str());
        if (!eo.pid_file.empty()) ::unlink(eo.pid_file.c_str());
    });
    base::write_state_file(eo.process_json, build_process(rec, paths, opts).dump(), 0600);
    auto runtime = container::runtime_for(config, rec);
    ContainerExecReport report;

    if (opts.detach) {
        eo.detach = true;
        report.exit_code = runtime->exec(id, eo);
        return report;
    }
    if (!opts.tty) {
        eo.stdio = {opts.interactive ? opts.stdin_fd : base::SpawnOptions::kDevNull, opts.stdout_fd,
                    opts.stderr_fd};
        try {
            report.exit_code = runtime->exec(id, eo);
        } catch (const Error& e) {
            // runc shares the process's stderr and has already written its error there:
            // only the exit status (126/127, docker's) is left to report.
            if (e.code() == Errc::CommandNotFound) report.exit_code = 127;
            else if (e.code() == Errc::CannotInvoke) report.exit_code = 126;
            else throw;
        }
        return report;
    }

    // -t: the process is started detached and becomes our child once runc exits.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    eo.detach = true;
    eo.pid_file = paths.state + "/exec-" + tag + ".pid";
    eo.console_socket = config.state_dir + "/e-" + tag + ".sock";
    auto listener = base::listen_unix(eo.console_socket, 1);
    base::ScopeGuard unlink_sock([&] { ::unlink(eo.console_socket.c_str()); });
    // runc has sent the master (queued on the listener) by the time it exits.
    runtime->exec(id, eo);
    auto master = runtime::receive_console(listener.get());
    const pid_t pid = std::atoi(base::read_file(eo.pid_file).c_str());
    if (relay_tty(master.get(), opts)) {
        report.detached = true;
        return report;
    }
    int st = 0;
    while (pid > 0 && ::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    report.exit_code = base::exit_code_of(st);
    return report;
}

}  // namespace tug::engine
