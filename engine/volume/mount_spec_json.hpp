// MountSpec <-> JSON: create stores a container's mount requests in its record and
// every start turns them into OCI mounts again.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/volume/mount_spec.hpp"

namespace tug::engine::volume {

nlohmann::json mount_spec_to_json(const MountSpec& spec);
MountSpec mount_spec_from_json(const nlohmann::json& j);

}  // namespace tug::engine::volume
