// Reaching a container's root file system from the host: the overlay mount of a running
// container, or a private mount of its layers and upper dir while it is stopped.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"

namespace tug::engine::container {

// Calls fn with the rootfs directory of the container record rec. A stopped container's
// layers are mounted under the state dir for the call and unmounted after it; writes
// through it land in the container's upper dir as if it were running.
void with_rootfs(const EngineConfig& config, const nlohmann::json& rec,
                 const std::function<void(const std::string& rootfs)>& fn);

}  // namespace tug::engine::container
