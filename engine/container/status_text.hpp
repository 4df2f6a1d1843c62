// docker's wording of container state for `ps`: "Up 3 seconds", "Up 1 minute (healthy)",
// "Exited (0) 2 minutes ago", "Created", "Restarting (1) 2 seconds ago", and its human
// durations.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace tug::engine::container {

// docker's units.HumanDuration ("Less than a second", "About a minute", "3 hours", ...).
std::string human_duration(int64_t nanoseconds);

// The STATUS column for a record's State at time now_ns.
std::string status_text(const nlohmann::json& state, int64_t now_ns);

// The COMMAND column: Path and Args joined, cut to 20 characters with "…" unless
// no_trunc, and quoted like Go's strconv.Quote.
std::string command_text(const nlohmann::json& record, bool no_trunc);

}  // namespace tug::engine::container
