// The monitor's lifecycle: set up, start, restart, record, tear down, also on failure.
#include "engine/monitor/monitor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>

#include <algorithm>
#include <exception>

#include "engine/api/container.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/log.hpp"
#include "engine/base/unix_socket.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/health/config.hpp"
#include "engine/logs/json_file_options.hpp"
#include "engine/monitor_protocol/engine_config_file.hpp"
#include "engine/monitor_protocol/launch.hpp"

namespace tug::engine::monitor {

Monitor::Monitor(const EngineConfig& config, std::string id, int sync_fd, bool wait_for_attach)
    : config_(config), id_(std::move(id)), sync_fd_(sync_fd), wait_for_attach_(wait_for_attach),
      paths_(container::paths_for(config_, id_)) {
    // Nothing the monitor starts (runc, the container) may inherit the sync pipe: the
    // starting tug would not see EOF if the monitor died.
    if (sync_fd_ >= 0) ::fcntl(sync_fd_, F_SETFD, FD_CLOEXEC);
}

void Monitor::setup() {
    store_.emplace(config_);
    record_ = store_->get(id_);
    const auto& cfg = record_.config;
    tty_ = cfg.tty;
    open_stdin_ = cfg.open_stdin;
    stdin_once_ = cfg.stdin_once;
    const auto& host = record_.host;
    if (host.log_driver == "json-file") {
        // create checked them; a record from before that check fails here, reported.
        const auto opts = logs::parse_json_file_options(host.log_options);
        log_.emplace(paths_.log, opts.max_size, opts.max_files);
    }
    listen_ = base::listen_unix(paths_.attach_socket);
    control_ = base::listen_unix(monitor_protocol::control_socket_path(paths_.state));
    if (auto probe = health::probe_of(cfg.healthcheck))
        health_.emplace(config_, id_, std::move(*probe), *store_);
}

bool Monitor::should_restart(int exit_code, int restart_count) const {
    const auto& policy = record_.host.restart_policy;
    if (user_stopped_ || record_.state.stop_requested) return false;
    if (policy.name == "always" || policy.name == "unless-stopped") return true;
    if (policy.name == "on-failure")
        return exit_code != 0 && (policy.max_retries == 0 || restart_count < policy.max_retries);
    return false;
}

void Monitor::supervise() {
    bool first = true;
    int backoff_ms = 100;
    for (;;) {
        try {
            pid_ = create();
            open_oom_counter();
            container::record_started(*store_, id_, pid_);
            started_ = true;
            if (first) {
                monitor_protocol::report_pid(sync_fd_, pid_);
                sync_fd_ = -1;
                if (wait_for_attach_) wait_for_first_client(10000);
            }
            if (tty_) container::runtime_for(config_, record_)->start(id_);
        } catch (const Error& e) {
            last_code_ = container::exit_code_for_start_error(e.code());
            try {
                container::record_start_failed(*store_, id_, last_code_, e.message());
            } catch (const Error&) {
            }
            // Reported after the teardown, so that the starting tug (and a `run --rm`
            // that returns on it) finds the container cleaned up.
            if (first) start_error_.emplace(e);
            return;
        }
        first = false;
        const auto started = Clock::now();
        last_code_ = io_loop(pid_);
        pid_ = 0;
        kill_at_.reset();
        const bool oom = oom_ && oom_->killed();
        oom_.reset();
        try {
            container::runtime_for(config_, record_)->remove(id_, true);
        } catch (const Error& e) {
            base::log_warning("monitor " + id_ + ": " + e.message());
        }
        try {
            container::record_exited(*store_, id_, last_code_, oom);
            record_ = store_->get(id_);
        } catch (const Error&) {
            return;  // removed meanwhile (rm -f): nothing to restart
        }
        const int count = record_.state.restart_count;
        if (!should_restart(last_code_, count)) return;
        clients_.broadcast(Frame::Exit, std::to_string(last_code_));
        // docker's backoff: doubling from 100ms, reset after 10s of successful running.
        if (Clock::now() - started >= std::chrono::seconds(10)) backoff_ms = 100;
        try {
            store_->update(id_, [&](ContainerRecord& r) {
                r.state.restart_count = count + 1;
                r.state.status = ContainerStatus::Restarting;
            });
        } catch (const Error&) {
            return;
        }
        restart_backoff(backoff_ms);
        backoff_ms = std::min(backoff_ms * 2, 60000);
        try {
            record_ = store_->get(id_);
        } catch (const Error&) {
            return;  // removed meanwhile
        }
        if (user_stopped_ || record_.state.stop_requested) {
            store_->update(id_, [](ContainerRecord& r) { r.state.status = ContainerStatus::Exited; });
            return;
        }
    }
}

void Monitor::open_oom_counter() {
    // The cgroup exists once runc created the container; a kill that comes before this
    // open still counts, the cgroup is fresh. Without it OOMKilled stays false, and the
    // container runs all the same.
    const bool systemd = config_.cgroup_manager == "systemd";
    try {
        oom_ = cgroup::OomCounter::open(cgroup::container_cgroups_path(systemd, id_), systemd);
    } catch (const Error& e) {
        base::log_warning("monitor " + id_ + ": oom counter: " + e.message());
    }
}

void Monitor::record_failure(const Error& e) {
    base::log_warning("monitor " + id_ + ": " + e.message());
    if (!started_) {
        last_code_ = container::exit_code_for_start_error(e.code());
        if (!start_error_) start_error_.emplace(e);
    } else {
        last_code_ = 255;
    }
    if (!store_) return;
    try {
        if (!started_) {
            container::record_start_failed(*store_, id_, last_code_, e.message());
        } else {
            // Whatever still runs goes with the teardown: docker's state for a container
            // whose process vanished with its daemon, and why.
            store_->update(id_, [&](ContainerRecord& r) {
                if (r.state.running() || r.state.status == ContainerStatus::Restarting)
                    container::set_lost(r.state);
                r.state.error = e.message();
            });
        }
    } catch (const Error& re) {
        base::log_warning("monitor " + id_ + ": record the failure: " + re.message());
    }
}

void Monitor::finish() {
    if (health_) health_->stop();
    container::teardown_runtime(config_, id_);
    bool removed = false;
    try {
        auto rec = store_ ? store_->find(id_) : std::nullopt;
        // Not when `tug restart` stopped it: it is about to start again.
        if (rec && rec->host.auto_remove && !rec->state.manual_restart) {
            // Gone from the record, the container is gone for every tug command (its
            // name is free again); its files, unmounted already, are no one's business
            // but this monitor's.
            container::forget_auto_removed(config_, *store_, *rec);
            removed = true;
        }
    } catch (const Error& e) {
        base::log_warning("monitor " + id_ + ": auto-remove: " + e.message());
    }
    // A failed start is reported only when nothing of the container is left.
    if (removed && start_error_) container::remove_container_files(config_, id_);
    if (start_error_) {
        monitor_protocol::report_error(sync_fd_, *start_error_);
        sync_fd_ = -1;
    }
    // An attached `run --rm` returns on the exit frame: it need not wait for the files.
    clients_.broadcast(Frame::Exit, std::to_string(last_code_));
    clients_.flush_and_close(std::chrono::seconds(5));
    if (removed && !start_error_) container::remove_container_files(config_, id_);
}

int Monitor::run() {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    ::signal(SIGPIPE, SIG_IGN);
    sigset_t mask;
    sigemptyset(&mask);
    for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&mask, s);
    ::sigprocmask(SIG_BLOCK, &mask, nullptr);
    sigfd_.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));

    std::optional<base::FileLock> lock;
    // The starting tug handed over the rootfs mount and the network: from here on every
    // way out, an exception of any kind included, tears them down and says why.
    try {
        lock.emplace(base::FileLock::acquire(paths_.monitor_lock));
        setup();
        supervise();
    } catch (const Error& e) {
        record_failure(e);
    } catch (const std::exception& e) {
        record_failure(Error(Errc::Internal, std::string("container monitor: ") + e.what()));
    } catch (...) {
        record_failure(Error(Errc::Internal, "container monitor: unexpected failure"));
    }
    try {
        finish();
    } catch (const std::exception& e) {
        base::log_warning("monitor " + id_ + ": teardown: " + e.what());
        if (start_error_) monitor_protocol::report_error(sync_fd_, *start_error_);
        return 1;
    }
    return start_error_ ? 1 : 0;
}

}  // namespace tug::engine::monitor

namespace tug::engine {

int monitor_main(const EngineConfig& config, const std::string& id, int sync_fd,
                 bool wait_for_attach) {
    monitor::Monitor m(config, id, sync_fd, wait_for_attach);
    return m.run();
}

EngineConfig monitor_engine_config(const std::string& state_dir, const std::string& id) {
    return monitor_protocol::read_engine_config(monitor_protocol::engine_config_path(state_dir, id));
}

}  // namespace tug::engine
