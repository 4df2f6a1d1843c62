// Reaching a container's root file system from the host: the overlay mount of a running
// container, or a private mount of its layers and upper dir while it is stopped.
#pragma once

#include <functional>
#include <string>

#include "engine/api/config.hpp"
#include "engine/api/container_record.hpp"

namespace tug::engine::container {

// Calls fn with the root directory of the container record rec: /proc/<pid>/root of a
// running container (its mount namespace: volumes and bind mounts included), else its
// layers, volumes and bind mounts mounted under the state dir for the call and unmounted
// after it, writes landing in the container's upper dir and its volumes.
void with_rootfs(const EngineConfig& config, const ContainerRecord& rec,
                 const std::function<void(const std::string& rootfs)>& fn);

}  // namespace tug::engine::container
