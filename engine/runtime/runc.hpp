// The OCI runtime driver: runc (or crun) invoked with tug's --root, its errors taken
// from the runtime's JSON log so the user sees runc's own words.
#pragma once

#include <optional>
#include <string>

#include "engine/base/child_process.hpp"

namespace tug::engine::runtime {

struct CreateStdio {
    int stdin_fd = base::SpawnOptions::kDevNull;
    int stdout_fd = base::SpawnOptions::kDevNull;
    int stderr_fd = base::SpawnOptions::kDevNull;
};

// One `runc exec`: the process to run and where its stdio goes.
struct ExecOptions {
    std::string process_json;    // path of an OCI process object (runc exec --process)
    std::string console_socket;  // with process.terminal: runc sends the pty master here
    std::string pid_file;        // where runc writes the process's host pid ("" -> none)
    bool detach = false;         // runc returns once the process started (needed with a console socket)
    // This exec's --log: concurrent execs must not share one. "" -> the instance's log.
    std::string log;
    CreateStdio stdio;
};

class Runc {
public:
    // binary: "runc", "crun" or a path (looked up in child.search_path). root: runc's
    // --root. log: its --log file. child: the environment runc runs with.
    Runc(std::string binary, std::string root, std::string log, bool systemd_cgroup,
         base::ChildEnv child);

    // `runc create --bundle B --pid-file P [--console-socket S] id` with the given stdio,
    // which the container inherits. On failure: CommandNotFound / CannotInvoke when the
    // runtime's message says the command was not found / could not be executed, else
    // Internal, message = the runtime's error text.
    void create(const std::string& id, const std::string& bundle, const std::string& pid_file,
                const std::string& console_socket, const CreateStdio& stdio);
    // `runc run --detach ...`: create and start in one runc process, about 20 ms less than
    // the create + start pair. Same arguments and errors as create.
    void run_detached(const std::string& id, const std::string& bundle, const std::string& pid_file,
                      const std::string& console_socket, const CreateStdio& stdio);
    void start(const std::string& id);
    // Signal by name or number ("TERM", "SIGKILL", "9"). all: every process (--all).
    void kill(const std::string& id, const std::string& signal, bool all = false);
    // --force also kills a running container. A container runc does not know is fine.
    void remove(const std::string& id, bool force);
    // The status runc reports ("created", "running", "stopped", "paused"); nullopt when
    // runc does not know the container.
    std::optional<std::string> status(const std::string& id);
    // `runc update --resources <file> id`: the OCI linux.resources in file applied to a
    // running container's cgroup. Internal with the runtime's message on failure.
    void update(const std::string& id, const std::string& resources_file);

    // Starts `runc exec` for a running container. Not detached, runc stays until the
    // process exits and exits with its status (128+n for a signal): hand runc's wait
    // status to exec_status(). The health checks use this too.
    base::ChildProcess exec_spawn(const std::string& id, const ExecOptions& o);
    // The process's exit code from runc's wait status. Throws when runc itself could not
    // start the process: CommandNotFound / CannotInvoke (docker's 127/126) or Internal,
    // with runc's message.
    int exec_status(const std::string& id, const ExecOptions& o, int wait_status);
    // exec_spawn + wait + exec_status.
    int exec(const std::string& id, const ExecOptions& o);
    // `runc pause` / `runc resume` (the cgroup freezer).
    void pause(const std::string& id);
    void resume(const std::string& id);

private:
    std::vector<std::string> base_args(const std::string* log = nullptr) const;
    void launch(const std::vector<std::string>& verb, const std::string& id, const std::string& bundle,
                const std::string& pid_file, const std::string& console_socket, const CreateStdio& stdio);
    [[noreturn]] void fail(const std::string& op, const std::string& id, const std::string& err,
                           const std::string* log = nullptr);
    std::string last_error(const std::string& log) const;
    void simple(const std::string& op, const std::string& id);

    std::string binary_, root_, log_;
    bool systemd_;
    base::ChildEnv child_;
};

}  // namespace tug::engine::runtime
