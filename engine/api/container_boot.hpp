// Engine API for `tug system boot` and `tug container prune`: maintenance over every
// container of a namespace rather than one the user names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/config.hpp"

namespace tug::engine {

struct BootFailure {
    std::string container;  // its name
    std::string error;
};

struct SystemBootReport {
    std::vector<std::string> reconciled;  // ids recorded as running with nothing alive
    std::vector<std::string> removed;     // of those, the --rm ones, removed as docker does
    std::vector<std::string> started;     // ids started under their restart policy
    std::vector<BootFailure> failures;    // starts that failed; the others went on
};

// After a reboot (or any loss of monitors): every container of the namespace recorded as
// running, paused or restarting whose monitor is gone is recorded as exited (255, like
// docker after a crash) and its leftovers (runtime state, rootfs mount, network
// attachment and leases, volume mounts) are released, and one created with --rm is
// removed, as docker's daemon does at its start; then the containers docker's
// daemon would restart at its start are started: `always`, `unless-stopped` unless the
// user stopped it, `on-failure` with a non-zero status and retries left; never one that
// was never started. Serialized by a lock under the state dir and idempotent: a container
// whose monitor is alive is left alone.
SystemBootReport system_boot(const EngineConfig& config);

struct ContainerPruneOptions {
    std::vector<std::string> filters;  // "until=<time|duration>", "label=k[=v]", "label!=k[=v]"
};

struct ContainerPruneReport {
    std::vector<std::string> deleted;  // full ids
    uint64_t reclaimed = 0;            // bytes of the removed containers' writable layers
};

// Removes every stopped (created, exited, dead) container matching the filters, as
// docker container prune. InvalidArgument for an unknown filter or a bad until= value.
ContainerPruneReport container_prune(const EngineConfig& config, const ContainerPruneOptions& opts);

}  // namespace tug::engine
