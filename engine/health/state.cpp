// Health results to State.Health, following docker's daemon/health.go rules.
#include "engine/health/state.hpp"

#include <algorithm>

#include "engine/health/duration.hpp"
#include "engine/logs/timestamp.hpp"

namespace tug::engine::health {

using nlohmann::json;

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

void reset_on_start(json& state) {
    json log = json::array();
    if (state.contains("Health") && state["Health"].is_object() && state["Health"].contains("Log") &&
        state["Health"]["Log"].is_array())
        log = state["Health"]["Log"];
    state["Health"] = {{"Status", "starting"}, {"FailingStreak", 0}, {"Log", log}};
}

void apply_result(json& health, const Result& r, const Probe& p, int64_t started_ns) {
    if (!health.is_object()) health = {{"Status", "starting"}, {"FailingStreak", 0}};
    json log = health.contains("Log") && health["Log"].is_array() ? health["Log"] : json::array();
    log.push_back({{"Start", logs::format_rfc3339nano(logs::from_ns(r.start_ns))},
                   {"End", logs::format_rfc3339nano(logs::from_ns(r.end_ns))},
                   {"ExitCode", r.exit_code},
                   {"Output", r.output}});
    while (log.size() > kMaxLogEntries) log.erase(log.begin());
    health["Log"] = log;

    const std::string status = health.value("Status", std::string("starting"));
    int streak = health.value("FailingStreak", 0);
    if (r.exit_code == 0) {
        health["Status"] = "healthy";
        health["FailingStreak"] = 0;
        return;
    }
    // A container that never passed is not held to its failures during the start period.
    if (status == "starting" && r.start_ns - started_ns < p.start_period) return;
    ++streak;
    health["FailingStreak"] = streak;
    if (streak >= p.retries) health["Status"] = "unhealthy";
}

int64_t next_delay(const Probe& p, int64_t elapsed, std::string_view status) {
    if (elapsed >= p.start_period) return p.interval;
    // Within the start period: the start interval until the first success, and a probe
    // right when the period ends if the next one would come later.
    const int64_t delay = status == "starting" ? p.start_interval : p.interval;
    return std::min(delay, p.start_period - elapsed);
}

std::string health_string(const json& state) {
    if (!state.is_object() || !state.contains("Health") || !state["Health"].is_object()) return "none";
    return state["Health"].value("Status", std::string("none"));
}

std::string status_suffix(const json& state) {
    const std::string h = health_string(state);
    if (h == "none") return "";
    return h == "starting" ? "health: starting" : h;
}

bool valid_filter_value(std::string_view v) {
    return v == "starting" || v == "healthy" || v == "unhealthy" || v == "none";
}

}  // namespace tug::engine::health
