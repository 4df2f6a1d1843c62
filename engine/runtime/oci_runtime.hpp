// The OCI runtime as the engine drives it: the verbs of runc's command line (create,
// run, start, state, kill, delete, exec, pause, resume, update) behind one interface, so
// that runc-compatible binaries (runc, crun) are implementations and unit tests can put a
// fake in their place (see select.hpp for how a container's runtime is chosen).
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

// One exec: the process to run and where its stdio goes.
struct ExecOptions {
    std::string process_json;    // path of an OCI process object (runc exec --process)
    std::string console_socket;  // with process.terminal: the runtime sends the pty master here
    std::string pid_file;        // where the runtime writes the process's host pid ("" -> none)
    bool detach = false;         // return once the process started (needed with a console socket)
    // This exec's log: concurrent execs must not share one. "" -> the instance's log.
    std::string log;
    CreateStdio stdio;
};

class OciRuntime {
  public:
    virtual ~OciRuntime() = default;

    // Creates container id from the bundle (config.json) and writes its init's host pid
    // to pid_file; the process waits for start(). With a console socket the runtime sends
    // the pty master there; else the process inherits stdio. On failure: CommandNotFound /
    // CannotInvoke when the process could not be found / executed (docker's 127/126),
    // else Internal with the runtime's message.
    virtual void create(const std::string& id, const std::string& bundle,
                        const std::string& pid_file, const std::string& console_socket,
                        const CreateStdio& stdio) = 0;
    // create and start in one step (runc run --detach). Same arguments and errors.
    virtual void run_detached(const std::string& id, const std::string& bundle,
                              const std::string& pid_file, const std::string& console_socket,
                              const CreateStdio& stdio) = 0;
    // Lets a created container's process run.
    virtual void start(const std::string& id) = 0;
    // Signal by name or number ("TERM", "SIGKILL", "9"). all: every process of the
    // container. FailedPrecondition when the container is not running or unknown.
    virtual void kill(const std::string& id, const std::string& signal, bool all = false) = 0;
    // Removes the runtime's container; force also kills a running one. An unknown
    // container is fine.
    virtual void remove(const std::string& id, bool force) = 0;
    // "created", "running", "stopped" or "paused"; nullopt for an unknown container.
    virtual std::optional<std::string> status(const std::string& id) = 0;
    // Applies the OCI linux.resources in resources_file to a running container.
    virtual void update(const std::string& id, const std::string& resources_file) = 0;

    // Starts a process in a running container. Not detached, the returned child lasts
    // until the process exits and exits with its status (128+n for a signal): hand its
    // wait status to exec_status().
    virtual base::ChildProcess exec_spawn(const std::string& id, const ExecOptions& o) = 0;
    // The process's exit code from the exec child's wait status. Throws when the runtime
    // itself could not start the process: CommandNotFound / CannotInvoke or Internal.
    virtual int exec_status(const std::string& id, const ExecOptions& o, int wait_status) = 0;
    // exec_spawn + wait + exec_status.
    int exec(const std::string& id, const ExecOptions& o) {
        auto child = exec_spawn(id, o);
        return exec_status(id, o, child.wait());
    }

    // Freezes / thaws every process of the container (the cgroup freezer).
    virtual void pause(const std::string& id) = 0;
    virtual void resume(const std::string& id) = 0;
};

}  // namespace tug::engine::runtime
