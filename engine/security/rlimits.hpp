// Resource limits for the OCI spec (process.rlimits): docker's --ulimit syntax and
// defaults that never ask for more than the calling process may set. A host without
// CAP_SYS_RESOURCE (a CI runner, a host inside a container) cannot raise a hard limit
// above its own; runc would fail with a stack trace, so we refuse with a clear error.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::engine::security {

// One --ulimit value. -1 means unlimited (RLIM_INFINITY), as in docker.
struct Ulimit {
    std::string name;  // docker's name: "nofile", "nproc", "core", ...
    int64_t soft = 0;
    int64_t hard = 0;
};

// Parses "name=soft[:hard]" exactly like docker (go-units ParseUlimit); InvalidArgument
// with docker's messages: "invalid ulimit argument: x", "invalid ulimit type: foo",
// "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`",
// "ulimit soft limit must be less than or equal to hard limit: 10 > 5",
// `strconv.ParseInt: parsing "x": invalid syntax`.
Ulimit parse_ulimit(const std::string& value);

// docker's ulimit names, in its order.
const std::vector<std::string>& ulimit_names();

// What the calling process may give a container.
struct HostLimits {
    // Hard limit per docker name; RLIM_INFINITY (as uint64 max) when unlimited.
    std::map<std::string, uint64_t> hard;
    // Whether we hold CAP_SYS_RESOURCE (effective), i.e. may raise hard limits.
    bool can_raise = false;

    // getrlimit() for every name, and CapEff of /proc/self/status.
    static HostLimits current();
    uint64_t hard_of(const std::string& name) const;
};

// The spec's default process.rlimits: RLIMIT_NOFILE at docker's 1048576 (soft and hard),
// clamped to the host's hard limit unless we may raise it.
nlohmann::json default_rlimits(const HostLimits& host);

// process.rlimits for a container: the defaults, overridden per name by the requested
// ulimits ("RLIMIT_" + upper-case name). A request whose hard limit is above the host's
// when we cannot raise it throws FailedPrecondition:
// "ulimit nofile: hard limit 2000000 exceeds this host's limit 1048576 (tug lacks
// CAP_SYS_RESOURCE)".
nlohmann::json container_rlimits(const std::vector<Ulimit>& requested, const HostLimits& host);

}  // namespace tug::engine::security
