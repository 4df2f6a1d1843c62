// The per-container monitor: owns the container's stdio, log and attach socket for its
// whole life, records its exit, tears it down, and applies the restart policy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/container/store.hpp"
#include "engine/logs/json_file.hpp"
#include "engine/monitor/attach_protocol.hpp"
#include "engine/monitor/health_probe.hpp"

namespace tug::engine::monitor {

class Monitor {
public:
    Monitor(const EngineConfig& config, std::string id, int sync_fd, bool wait_for_attach);
    // Runs the container to its end (restarts included); returns the monitor's status.
    int run();

private:
    struct Client {
        base::UniqueFd fd;
        FrameReader reader;
    };

    // Starts the container with fresh stdio; returns its pid. With pipes it runs at once
    // (runc run --detach): what it writes waits in the pipes until io_loop reads, after
    // an attach client is there. With a terminal it is only created (runc create), so
    // that the client's window size is set before the process starts.
    int create();
    // Relays stdio until the container exits; returns its exit code.
    int io_loop(int pid);
    void accept_client();
    bool handle_client_input(Client& c);
    void broadcast(Frame type, std::string_view data);
    void on_output(Frame stream, const char* data, size_t n);
    bool should_restart(int exit_code, int restart_count, bool user_stopped) const;
    bool oom_killed() const;
    bool wait_for_first_client(int timeout_ms);
    void finish(int exit_code, bool removed);
    // Sleeps out a restart backoff; returns early once the user stopped the container.
    void restart_backoff(int ms);

    EngineConfig config_;
    std::string id_;
    int sync_fd_;
    bool wait_for_attach_;
    container::Paths paths_;
    std::optional<container::Store> store_;
    ContainerRecord record_;

    bool tty_ = false, open_stdin_ = false, stdin_once_ = false;
    std::optional<logs::JsonFileWriter> log_;
    base::UniqueFd listen_, sigfd_;
    base::UniqueFd out_, err_, stdin_w_;  // our ends; out_ is the pty master with -t
    std::vector<Client> clients_;
    std::optional<HealthProber> health_;  // when the container has a health check
};

}  // namespace tug::engine::monitor
