// RFC 3339 timestamps with nanoseconds, as docker writes them in logs and inspect.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tug::engine::logs {

using Clock = std::chrono::system_clock;

// "2026-11-23T11:45:44.123456789Z" (trailing zeros of the fraction trimmed, as Go's
// RFC3339Nano). The zero time_point renders as docker's "0001-01-01T00:00:00Z".
std::string format_rfc3339nano(Clock::time_point t);
// Nanoseconds since the epoch of an RFC 3339 string ("Z" or "+hh:mm" offset);
// nullopt when malformed. Docker's zero time gives INT64_MIN.
std::optional<int64_t> parse_rfc3339_ns(std::string_view s);

Clock::time_point from_ns(int64_t ns);
int64_t to_ns(Clock::time_point t);

}  // namespace tug::engine::logs
