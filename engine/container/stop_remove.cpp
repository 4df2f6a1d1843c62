// container_stop, container_kill and container_remove.
#include <cctype>
#include <csignal>
#include <cstring>
#include <thread>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/base/log.hpp"
#include "engine/container/store.hpp"
#include "engine/monitor_protocol/control.hpp"
#include "engine/volume/attach.hpp"

namespace tug::engine {

namespace {

// Waits until the container's monitor has exited; false on timeout.
bool wait_monitor_gone(const EngineConfig& config, const std::string& id,
                       std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (container::monitor_alive(config, id)) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// Sends req to the container's monitor. false when there is no monitor to ask (it is
// gone, or it was started by a tug from before the control socket): the caller acts
// without it.
bool ask_monitor(const EngineConfig& config, const std::string& id,
                 const monitor_protocol::ControlRequest& req) {
    try {
        monitor_protocol::send_control(monitor_protocol::control_socket_path(container::paths_for(config, id).state), req);
        return true;
    } catch (const Error& e) {
        if (e.code() == Errc::Unavailable || e.code() == Errc::NotImplemented) return false;
        throw;
    }
}

void mark_stop_requested(container::Store& store, const std::string& id, bool for_restart = false) {
    store.update(id, [&](ContainerRecord& r) {
        r.state.stop_requested = true;
        if (for_restart) r.state.manual_restart = true;
    });
}

// A record that says running while no monitor is alive (a killed monitor, a reboot).
void settle_dead(container::Store& store, const std::string& id) {
    store.update(id, [](ContainerRecord& r) {
        auto& s = r.state;
        if (s.running()) {
            s.status = ContainerStatus::Exited;
            s.pid = 0;
        }
    });
}

template <typename Fn>
std::vector<PerContainerResult> for_each(const std::vector<std::string>& refs, Fn&& fn) {
    std::vector<PerContainerResult> out;
    for (const auto& ref : refs) {
        PerContainerResult r{ref, std::nullopt};
        try {
            fn(ref);
        } catch (const Error& e) {
            r.error = e.message();
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

std::vector<PerContainerResult> container_stop(const EngineConfig& config,
                                               const ContainerStopOptions& opts) {
    container::Store store(config);
    return for_each(opts.containers, [&](const std::string& ref) {
        const std::string id = store.resolve(ref);
        mark_stop_requested(store, id, opts.for_restart);
        if (!container::monitor_alive(config, id)) {
            settle_dead(store, id);
            return;
        }
        const ContainerRecord rec = store.get(id);
        std::string sig = opts.signal;
        if (sig.empty()) sig = rec.config.stop_signal.empty() ? "SIGTERM" : rec.config.stop_signal;
        int timeout = opts.timeout ? *opts.timeout : rec.config.stop_timeout.value_or(10);
        // The monitor signals, sends SIGKILL when the timeout runs out, and exits.
        if (ask_monitor(config, id, {"stop", {sig, std::to_string(timeout)}})) {
            const auto limit = timeout >= 0 ? std::chrono::seconds(timeout + 30) : std::chrono::hours(24 * 365);
            if (!wait_monitor_gone(config, id, limit))
                throw Error(Errc::DeadlineExceeded, "container " + id + " did not stop");
            return;
        }
        auto runtime = container::runtime_for(config, rec);
        try {
            runtime->kill(id, sig);
        } catch (const Error& e) {
            if (e.code() != Errc::FailedPrecondition) throw;
        }
        if (timeout >= 0 && wait_monitor_gone(config, id, std::chrono::seconds(timeout))) return;
        try {
            runtime->kill(id, "KILL", true);
        } catch (const Error& e) {
            if (e.code() != Errc::FailedPrecondition) throw;
        }
        if (!wait_monitor_gone(config, id, std::chrono::seconds(30)))
            throw Error(Errc::DeadlineExceeded, "container " + id + " did not stop");
    });
}

std::vector<PerContainerResult> container_kill(const EngineConfig& config,
                                               const ContainerKillOptions& opts) {
    container::Store store(config);
    return for_each(opts.containers, [&](const std::string& ref) {
        const std::string id = store.resolve(ref);
        const ContainerRecord rec = store.get(id);
        if (!container::monitor_alive(config, id) || !rec.state.has_process())
            throw Error(Errc::Conflict, "cannot kill container: " + ref + ": container " + id +
                                            " is not running");
        std::string sig = opts.signal.empty() ? "KILL" : opts.signal;
        mark_stop_requested(store, id);
        if (!ask_monitor(config, id, {"kill", {sig}})) container::runtime_for(config, rec)->kill(id, sig);
        // docker's kill with SIGKILL returns once the container is gone, so that a start
        // right after it finds the container stopped, not its monitor still tearing down.
        std::string upper = sig;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (upper == "KILL" || upper == "SIGKILL" || upper == "9")
            wait_monitor_gone(config, id, std::chrono::seconds(10));
    });
}

std::vector<PerContainerResult> container_remove(const EngineConfig& config,
                                                 const ContainerRemoveOptions& opts) {
    container::Store store(config);
    return for_each(opts.containers, [&](const std::string& ref) {
        const std::string id = store.resolve(ref);
        if (container::monitor_alive(config, id)) {
            const ContainerRecord rec = store.get(id);
            if (!opts.force)
                throw Error(Errc::Conflict,
                            "cannot remove container \"/" + rec.name +
                                "\": container is running: stop the container before removing or "
                                "force remove");
            mark_stop_requested(store, id);
            try {
                // A stop with no grace: also ends a restart backoff at once.
                if (!ask_monitor(config, id, {"stop", {"KILL", "0"}}))
                    container::runtime_for(config, rec)->kill(id, "KILL", true);
            } catch (const Error&) {
                // Exited meanwhile, or still being created: the teardown below copes.
            }
            wait_monitor_gone(config, id, std::chrono::seconds(15));
            // A --rm container's monitor removes it (and its anonymous volumes) itself.
            if (!store.find(id)) return;
        }
        container::teardown_runtime(config, id);
        container::remove_container_files(config, id);
        const std::vector<MountSpec> mounts = store.get(id).mounts;
        store.remove(id);
        // rm -v: the anonymous volumes no other container uses go with the container.
        if (opts.volumes)
            for (const auto& err : volume::remove_anonymous_volumes(config, mounts)) base::log_warning(err);
    });
}

}  // namespace tug::engine
