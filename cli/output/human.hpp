// Human-readable sizes, durations and ids exactly as docker prints them (go-units).
#pragma once

#include <cstdint>
#include <string>

namespace tug::cli::output {

// units.HumanSizeWithPrecision(bytes, 3): decimal units, "%.3g": "0B", "1.2kB", "4.26MB".
std::string human_size(int64_t bytes);

// units.BytesSize: binary units, "%.4g": "512B", "1.5KiB", "3.906GiB" (docker stats).
std::string bytes_size(int64_t bytes);

// units.HumanDuration: "Less than a second", "1 second", "3 seconds", "About a minute",
// "5 minutes", "About an hour", "3 hours", "2 days", "3 weeks", "4 months", "2 years".
std::string human_duration(double seconds);

// An id as docker's tables show it: without "sha256:", at most 12 characters.
std::string truncate_id(const std::string& id);

}  // namespace tug::cli::output
