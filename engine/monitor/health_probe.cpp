// Health probes from the monitor: scheduling, runc exec with a timeout, and recording.
#include "engine/monitor/health_probe.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/container/exec_process.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/logs/timestamp.hpp"

namespace tug::engine::monitor {

using nlohmann::json;

namespace {

// How long a runc whose probe was killed at its timeout gets to exit before it is killed.
constexpr auto kKillGrace = std::chrono::seconds(2);

int64_t now_ns() { return logs::to_ns(logs::Clock::now()); }

int ms_until(HealthProber::Clock::time_point t) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(t - HealthProber::Clock::now());
    return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 24 * 3600 * 1000));
}

}  // namespace

HealthProber::HealthProber(const EngineConfig& config, std::string id, health::Probe probe,
                           container::Store& store)
    : config_(config), id_(std::move(id)), probe_(std::move(probe)), store_(store) {
    const auto paths = container::paths_for(config_, id_);
    exec_.process_json = paths.state + "/health.json";
    exec_.log = paths.state + "/health.log";
    exec_.pid_file = paths.state + "/health.pid";
}

HealthProber::~HealthProber() { stop(); }

void HealthProber::start() {
    stop();
    const ContainerRecord rec = store_.get(id_);
    runtime_name_ = rec.host.runtime;
    started_ns_ = rec.state.started_ns != 0 ? rec.state.started_ns : now_ns();
    // The check runs as `docker exec` would run it: the container's process, user,
    // working directory and environment, with the check's command line.
    const auto paths = container::paths_for(config_, id_);
    const json spec = json::parse(base::read_file(paths.state + "/config.json"));
    container::ExecProcessInput in;
    in.args = probe_.argv;
    in.rootfs = paths.rootfs;
    base::write_state_file(exec_.process_json,
                           container::exec_process(spec["process"], rec.config, in).dump(), 0600);
    active_ = true;
    next_due_ = Clock::now() + std::chrono::nanoseconds(health::next_delay(probe_, 0, "starting"));
}

void HealthProber::stop() {
    active_ = false;
    next_due_.reset();
    if (child_.pid() > 0) {
        if (auto pid = base::read_file_if_exists(exec_.pid_file); pid && std::atoi(pid->c_str()) > 0)
            ::kill(std::atoi(pid->c_str()), SIGKILL);
        child_ = base::ChildProcess();  // kills and reaps runc
    }
    out_.reset();
    wait_status_.reset();
    kill_deadline_.reset();
}

int64_t HealthProber::elapsed_since_start_ns() const { return now_ns() - started_ns_; }

void HealthProber::schedule_next() {
    std::string status = "starting";
    try {
        status = health::health_string(store_.get(id_).state);
    } catch (const Error&) {
    }
    next_due_ = Clock::now() + std::chrono::nanoseconds(health::next_delay(probe_, elapsed_since_start_ns(), status));
}

void HealthProber::launch() {
    // docker runs no check while the container is paused.
    try {
        if (store_.get(id_).state.paused()) {
            next_due_ = Clock::now() + std::chrono::nanoseconds(probe_.interval);
            return;
        }
    } catch (const Error&) {
        active_ = false;  // removed meanwhile
        return;
    }
    next_due_.reset();
    output_ = {};
    wait_status_.reset();
    kill_deadline_.reset();
    probe_start_ns_ = now_ns();
    ::unlink(exec_.pid_file.c_str());
    try {
        base::Pipe pipe = base::make_pipe();
        exec_.stdio = {base::SpawnOptions::kDevNull, pipe.write.get(), pipe.write.get()};
        child_ = container::runtime_for(config_, runtime_name_, id_)->exec_spawn(id_, exec_);
        out_ = std::move(pipe.read);
        ::fcntl(out_.get(), F_SETFL, O_NONBLOCK);
    } catch (const Error& e) {
        record({probe_start_ns_, now_ns(), -1, e.message()});
        schedule_next();
        return;
    }
    deadline_ = Clock::now() + std::chrono::nanoseconds(probe_.timeout);
}

void HealthProber::read_output() {
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(out_.get(), buf, sizeof buf);
        if (n > 0) {
            output_.append(std::string_view(buf, static_cast<size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        // EOF: every writer is gone; EAGAIN: nothing more for now.
        if (n == 0 || errno != EAGAIN) out_.reset();
        return;
    }
}

bool HealthProber::on_reaped(pid_t pid, int st) {
    if (pid <= 0 || pid != child_.pid()) return false;
    child_.detach();  // already reaped by the loop
    wait_status_ = st;
    return true;
}

void HealthProber::finish() {
    // What the probe wrote before runc exited; a background process of the check that
    // still holds the pipe does not hold up the result.
    if (out_) read_output();
    out_.reset();
    health::Result r{probe_start_ns_, now_ns(), 0, {}};
    if (kill_deadline_) {
        r.exit_code = -1;
        r.output = health::timeout_output(probe_.timeout, output_.text());
    } else {
        try {
            r.exit_code = container::runtime_for(config_, runtime_name_, id_)
                              ->exec_status(id_, exec_, *wait_status_);
            r.output = output_.text();
        } catch (const Error& e) {
            r.exit_code = -1;  // runc could not run the check (docker: the exec's error)
            r.output = e.message();
        }
    }
    wait_status_.reset();
    kill_deadline_.reset();
    record(r);
    schedule_next();
    recorded_ = true;
}

void HealthProber::record(const health::Result& r) {
    try {
        store_.update_health(id_, [&](ContainerRecord& rec, std::vector<HealthResult>& log) {
            auto& state = rec.state;
            // The run ended meanwhile, or the container was paused: docker cancels the
            // check in flight and drops its result.
            if (state.status != ContainerStatus::Running) return;
            if (!state.health) state.health = HealthState{};
            health::apply_result(*state.health, log, r, probe_, started_ns_);
        });
    } catch (const Error& e) {
        base::log_warning("monitor " + id_ + ": health: " + e.message());
    }
}

[[gnu::hot]] int HealthProber::tick() {
    if (!active_) return -1;
    if (child_.pid() > 0 || wait_status_) {
        if (wait_status_) {
            finish();
        } else if (!kill_deadline_ && Clock::now() >= deadline_) {
            // Past the timeout: kill the check itself (runc passes no SIGKILL on), then
            // runc if it does not go with it.
            if (auto pid = base::read_file_if_exists(exec_.pid_file); pid && std::atoi(pid->c_str()) > 0)
                ::kill(std::atoi(pid->c_str()), SIGKILL);
            else
                child_.kill(SIGKILL);
            kill_deadline_ = Clock::now() + kKillGrace;
        } else if (kill_deadline_ && Clock::now() >= *kill_deadline_) {
            child_.kill(SIGKILL);
            kill_deadline_ = Clock::now() + kKillGrace;
        }
    }
    if (child_.pid() > 0) return ms_until(kill_deadline_ ? *kill_deadline_ : deadline_);
    if (next_due_ && Clock::now() >= *next_due_) launch();
    if (child_.pid() > 0) return ms_until(deadline_);
    return next_due_ ? ms_until(*next_due_) : -1;
}

}  // namespace tug::engine::monitor
