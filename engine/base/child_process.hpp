// ChildProcess: a spawned child that is killed and reaped unless waited for or
// detached; run_capture() for commands whose output we need (runc, CNI plugins).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/child_env.hpp"

namespace tug::base {

struct SpawnOptions {
    std::vector<std::string> argv;  // argv[0] is looked up in child.search_path when it has no '/'
    ChildEnv child;                 // its environment: nothing of ours is passed on
    // -1 inherits ours; kDevNull connects /dev/null.
    static constexpr int kDevNull = -2;
    int stdin_fd = -1;
    int stdout_fd = -1;
    int stderr_fd = -1;
    std::string cwd;           // empty: ours
    bool new_session = false;  // setsid() in the child
};

class ChildProcess {
public:
    ChildProcess() = default;
    explicit ChildProcess(pid_t pid) : pid_(pid) {}
    ChildProcess(ChildProcess&& o) noexcept : pid_(o.pid_) { o.pid_ = -1; }
    ChildProcess& operator=(ChildProcess&& o) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    // A child neither waited for nor detached is SIGKILLed and reaped.
    ~ChildProcess();

    pid_t pid() const noexcept { return pid_; }
    // Waits for exit; returns the raw wait status.
    int wait();
    // Non-blocking: the wait status if the child has exited.
    std::optional<int> try_wait();
    void kill(int sig) noexcept;
    // Lets the child live on unsupervised (the monitor, for instance).
    pid_t detach() noexcept;

private:
    pid_t pid_ = -1;
};

// Starts a child. A program that cannot be executed is a tug::Error
// (CommandNotFound / CannotInvoke) naming it.
ChildProcess spawn(const SpawnOptions& opts);

// An exit code shell-style: the status for a normal exit, 128+signal for a signal.
int exit_code_of(int wait_status);

struct CaptureResult {
    int exit_code = 0;  // shell-style (see exit_code_of)
    std::string out;
    std::string err;
};

// Runs argv with child's environment to completion feeding stdin_data, collecting stdout
// and stderr. On timeout the child is killed and a DeadlineExceeded error thrown.
CaptureResult run_capture(const std::vector<std::string>& argv, const ChildEnv& child,
                          const std::string& stdin_data = {},
                          std::chrono::milliseconds timeout = std::chrono::minutes(5));

}  // namespace tug::base
