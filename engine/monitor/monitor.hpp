// The per-container monitor: owns the container's stdio, log, attach and control
// sockets for its whole life, records its exit, tears it down, and applies the restart
// policy.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/api/config.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/cgroup/oom.hpp"
#include "engine/container/store.hpp"
#include "engine/logs/json_file.hpp"
#include "engine/monitor/attach_clients.hpp"
#include "engine/monitor/health_probe.hpp"
#include "engine/monitor_protocol/control.hpp"

namespace tug::engine::monitor {

class Monitor {
public:
    Monitor(const EngineConfig& config, std::string id, int sync_fd, bool wait_for_attach);
    // Runs the container to its end (restarts included) and tears down whatever was set
    // up, whatever fails on the way; returns the monitor's status.
    int run();

private:
    using Clock = std::chrono::steady_clock;

    // Opens the store, the log and the sockets. Throws; nothing runs yet.
    void setup();
    // Starts the container and restarts it under its policy until it ends for good.
    void supervise();
    // A failure nothing else handled: recorded in State.Error, reported to the starting
    // tug when it still waits. The teardown in run() follows.
    void record_failure(const Error& e);
    // Teardown, --rm, the pending report and the clients' exit frame.
    void finish();

    // Starts the container with fresh stdio; returns its pid. With pipes it runs at once
    // (runc run --detach): what it writes waits in the pipes until io_loop reads, after
    // an attach client is there. With a terminal it is only created (runc create), so
    // that the client's window size is set before the process starts.
    int create();
    // Relays stdio and serves the sockets until the container exits; returns its exit code.
    int io_loop(int pid);
    void on_output(Frame stream, const char* data, size_t n);
    void on_client_frame(Frame type, const std::string& payload);
    bool wait_for_first_client(int timeout_ms);
    void accept_client(bool primary);
    bool should_restart(int exit_code, int restart_count) const;
    void open_oom_counter();
    // Sleeps out a restart backoff, serving the control socket; returns early once the
    // user stopped the container.
    void restart_backoff(int ms);
    // Reaps children the loop is not waiting for (runc, a finished probe).
    void drain_signals();

    // Control requests (engine/monitor_protocol/control.hpp).
    void serve_control();
    void handle_control(const monitor_protocol::ControlRequest& req);
    void signal_container(const std::string& signal, bool all);

    EngineConfig config_;
    std::string id_;
    int sync_fd_;
    bool wait_for_attach_;
    container::Paths paths_;
    std::optional<container::Store> store_;
    ContainerRecord record_;

    bool tty_ = false, open_stdin_ = false, stdin_once_ = false;
    std::optional<logs::JsonFileWriter> log_;
    base::UniqueFd listen_, control_, sigfd_;
    base::UniqueFd out_, err_, stdin_w_;  // our ends; out_ is the pty master with -t
    AttachClients clients_;
    std::optional<HealthProber> health_;  // when the container has a health check
    std::optional<cgroup::OomCounter> oom_;

    int pid_ = 0;                 // the container's process while it runs
    bool started_ = false;        // it ran at least once: a failure now is not a start error
    bool user_stopped_ = false;   // stop or kill asked for: no restart
    std::optional<Clock::time_point> kill_at_;  // a stop's timeout: SIGKILL then
    int last_code_ = 0;
    std::optional<Error> start_error_;  // reported once nothing of the container is left
};

}  // namespace tug::engine::monitor
