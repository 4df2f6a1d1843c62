// docker's volume inspect JSON, rendered from a volume record: the one place that knows
// docker's field names for volumes.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/api/volume_record.hpp"

namespace tug::engine::volume {

// CreatedAt, Driver, Labels, Mountpoint (derived from the data root), Name, Options, Scope.
nlohmann::json inspect_json(const EngineConfig& cfg, const VolumeRecord& rec);

}  // namespace tug::engine::volume
