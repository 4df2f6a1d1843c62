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

class Runc {
public:
    // binary: "runc", "crun" or a path. root: runc's --root. log: its --log file.
    Runc(std::string binary, std::string root, std::string log, bool systemd_cgroup = false);

    // `runc create --bundle B --pid-file P [--console-socket S] id` with the given stdio,
    // which the container inherits. On failure: CommandNotFound / CannotInvoke when the
    // runtime's message says the command was not found / could not be executed, else
    // Internal, message = the runtime's error text.
    void create(const std::string& id, const std::string& bundle, const std::string& pid_file,
                const std::string& console_socket, const CreateStdio& stdio);
    void start(const std::string& id);
    // Signal by name or number ("TERM", "SIGKILL", "9"). all: every process (--all).
    void kill(const std::string& id, const std::string& signal, bool all = false);
    // --force also kills a running container. A container runc does not know is fine.
    void remove(const std::string& id, bool force);
    // The status runc reports ("created", "running", "stopped", "paused"); nullopt when
    // runc does not know the container.
    std::optional<std::string> status(const std::string& id);

private:
    std::vector<std::string> base_args() const;
    [[noreturn]] void fail(const std::string& op, const std::string& id, const std::string& err);
    std::string last_error() const;

    std::string binary_, root_, log_;
    bool systemd_;
};

}  // namespace tug::engine::runtime
