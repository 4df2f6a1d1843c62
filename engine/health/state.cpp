// Health results to State.Health, following docker's daemon/health.go rules.
#include "engine/health/state.hpp"

#include <algorithm>

#include "engine/health/duration.hpp"

namespace tug::engine::health {

void OutputBuffer::append(std::string_view data) {
    const size_t keep = std::min(kMaxOutput - buf_.size(), data.size());
    buf_.append(data.substr(0, keep));
    if (keep < data.size()) truncated_ = true;
}

std::string timeout_output(int64_t timeout_ns, const std::string& collected) {
    std::string msg = "Health check exceeded timeout (" + format_go_duration(timeout_ns) + ")";
    if (!collected.empty()) msg += ": " + collected;
    return msg;
}

void apply_result(HealthState& health, std::vector<Result>& log, const Result& r, const Probe& p,
                  int64_t started_ns) {
    log.push_back(r);
    if (log.size() > kMaxLogEntries) log.erase(log.begin(), log.end() - kMaxLogEntries);
    if (r.exit_code == 0) {
        health.status = "healthy";
        health.failing_streak = 0;
        return;
    }
    // A container that never passed is not held to its failures during the start period.
    if (health.status == "starting" && r.start_ns - started_ns < p.start_period) return;
    ++health.failing_streak;
    if (health.failing_streak >= p.retries) health.status = "unhealthy";
}

int64_t next_delay(const Probe& p, int64_t elapsed, std::string_view status) {
    if (elapsed >= p.start_period) return p.interval;
    // Within the start period: the start interval until the first success, and a probe
    // right when the period ends if the next one would come later.
    const int64_t delay = status == "starting" ? p.start_interval : p.interval;
    return std::min(delay, p.start_period - elapsed);
}

std::string health_string(const ContainerState& state) {
    return state.health ? state.health->status : "none";
}

bool valid_filter_value(std::string_view v) {
    return v == "starting" || v == "healthy" || v == "unhealthy" || v == "none";
}

}  // namespace tug::engine::health
