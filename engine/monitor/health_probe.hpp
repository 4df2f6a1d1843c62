// The monitor's health checker: runs the container's health check with `runc exec` on
// docker's schedule, without blocking the monitor's poll loop (the probe's output is a
// pipe the loop polls, its runc a child the loop reaps), and records each result in
// State.Health.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <utility>
#include <string>

#include "engine/api/config.hpp"
#include "engine/base/child_process.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/container/store.hpp"
#include "engine/health/config.hpp"
#include "engine/health/state.hpp"
#include "engine/runtime/oci_runtime.hpp"

namespace tug::engine::monitor {

class HealthProber {
public:
    using Clock = std::chrono::steady_clock;

    HealthProber(const EngineConfig& config, std::string id, health::Probe probe,
                 container::Store& store);
    ~HealthProber();
    HealthProber(const HealthProber&) = delete;
    HealthProber& operator=(const HealthProber&) = delete;

    // A run of the container began (State.StartedAt is recorded): prepares the probe's
    // process and schedules the first check.
    void start();
    // The run ended: a probe in flight is killed and its result dropped.
    void stop();

    // The running probe's output pipe for the poll loop; -1 when none runs.
    int output_fd() const { return out_.get(); }
    void read_output();
    // The loop reaped pid with wait status st; true when it was the probe's runc.
    bool on_reaped(pid_t pid, int st);
    // Does what is due (start a probe, kill one past its timeout, record one that ended);
    // returns the milliseconds until it next needs to be called, -1 when never.
    int tick();
    // Whether a check was recorded since the last call (the monitor then settles its memory).
    bool take_recorded() { return std::exchange(recorded_, false); }

private:
    void launch();
    void finish();
    void record(const health::Result& r);
    void schedule_next();
    int64_t elapsed_since_start_ns() const;

    EngineConfig config_;
    std::string id_;
    health::Probe probe_;
    container::Store& store_;
    runtime::ExecOptions exec_;
    std::string runtime_name_;  // the container's HostConfig.Runtime, read at start()
    int64_t started_ns_ = 0;  // State.StartedAt of this run
    bool active_ = false;
    bool recorded_ = false;

    std::optional<Clock::time_point> next_due_;
    // The probe in flight.
    base::ChildProcess child_;
    base::UniqueFd out_;
    health::OutputBuffer output_;
    int64_t probe_start_ns_ = 0;
    Clock::time_point deadline_{};
    std::optional<Clock::time_point> kill_deadline_;  // set once it timed out
    std::optional<int> wait_status_;                  // set once runc was reaped
};

}  // namespace tug::engine::monitor
