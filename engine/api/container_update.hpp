// `tug update`: a container's resource limits changed in its record and, when it runs,
// in its cgroup (runc update).
#pragma once

#include <string>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/api/container.hpp"
#include "engine/api/container_host_options.hpp"

namespace tug::engine {

struct ContainerUpdateOptions {
    std::vector<std::string> containers;
    // Only the resource fields are read; a zero value leaves the current setting.
    ContainerHostOptions resources;
};

// Per container: the merged limits are checked as at create (docker's messages), then
// applied to the running container and recorded. A container whose update fails keeps
// its old record.
std::vector<PerContainerResult> container_update(const EngineConfig& config,
                                                 const ContainerUpdateOptions& opts);

}  // namespace tug::engine
