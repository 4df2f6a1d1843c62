// The health state machine (docker's State.Health): starting -> healthy/unhealthy from
// probe results, the failing streak, the last five results, and the words ps shows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <vector>

#include "engine/api/container_record.hpp"
#include "engine/health/config.hpp"

namespace tug::engine::health {

inline constexpr size_t kMaxLogEntries = 5;
inline constexpr size_t kMaxOutput = 4096;

// One probe run, as docker's HealthcheckResult.
using Result = HealthResult;

// Collects a probe's combined stdout and stderr up to 4 KiB; text() ends with "..."
// when more was written, as docker's limitedBuffer.
class OutputBuffer {
public:
    void append(std::string_view data);
    std::string text() const { return truncated_ ? buf_ + "..." : buf_; }

private:
    std::string buf_;
    bool truncated_ = false;
};

// docker's output for a probe killed at its timeout.
std::string timeout_output(int64_t timeout_ns, const std::string& collected);

// Applies a result to State.Health (docker's handleProbeResult): the log keeps the last
// five; success makes it healthy with no streak; a failure counts toward the streak
// unless the container is still starting and the probe began within the start period;
// Retries consecutive failures make it unhealthy. started_ns: State.StartedAt.
void apply_result(HealthState& health, std::vector<Result>& log, const Result& r, const Probe& p,
                  int64_t started_ns);

// Delay before the next probe (docker's getInterval): the interval once the start period
// is over; during it the start interval while starting, but never past the period's end.
int64_t next_delay(const Probe& p, int64_t elapsed_since_start_ns, std::string_view status);

// "none" without a health check, else its Status (the ps health filter's value).
std::string health_string(const ContainerState& state);

// Whether v is a value docker accepts for `ps --filter health=`.
bool valid_filter_value(std::string_view v);

}  // namespace tug::engine::health
