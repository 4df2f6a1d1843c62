// A container's health check configuration: the --health-* flags, docker's merge with
// the image's HEALTHCHECK, its validation, and the probe the monitor runs from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/container.hpp"

namespace tug::engine::health {

// docker's defaults for a zero field.
inline constexpr int64_t kDefaultInterval = 30LL * 1000000000LL;
inline constexpr int64_t kDefaultTimeout = 30LL * 1000000000LL;
inline constexpr int64_t kDefaultStartPeriod = 0;
inline constexpr int64_t kDefaultStartInterval = 5LL * 1000000000LL;
inline constexpr int kDefaultRetries = 3;


// The daemon's checks: a non-zero duration below 1ms and negative retries are refused
// ("Interval in Healthcheck cannot be less than 1ms").
void validate(const HealthcheckOptions& o);

// docker's Config.Healthcheck JSON: Test, Interval, Timeout, StartPeriod, StartInterval,
// Retries, each left out when empty or zero.
nlohmann::json to_json(const HealthcheckOptions& o);

// An image config's "Healthcheck" object; an empty one for anything else.
HealthcheckOptions from_json(const nlohmann::json& healthcheck);

// Config.Healthcheck for a new container: the image's (image_healthcheck: the image
// config's "Healthcheck", may be null) with the user's non-zero fields on top, as
// docker merges them. nullopt when neither has one.
std::optional<HealthcheckOptions> merge(const std::optional<HealthcheckOptions>& user,
                                        const nlohmann::json& image_healthcheck);

// What the monitor runs: the command and the effective timings (defaults applied).
struct Probe {
    std::vector<std::string> argv;  // CMD: as given; CMD-SHELL: /bin/sh -c <cmd>
    int64_t interval = kDefaultInterval, timeout = kDefaultTimeout;
    int64_t start_period = kDefaultStartPeriod, start_interval = kDefaultStartInterval;
    int retries = kDefaultRetries;
};

// nullopt when the container has no health check (none configured, "NONE", an empty
// or unknown test type), as docker's getProbe.
std::optional<Probe> probe_of(const std::optional<HealthcheckOptions>& healthcheck);

}  // namespace tug::engine::health
