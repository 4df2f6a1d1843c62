// Renders docker's volume inspect object from the typed record (see inspect_json.hpp).
#include "engine/volume/inspect_json.hpp"

#include "engine/volume/store.hpp"

namespace tug::engine::volume {

nlohmann::json inspect_json(const EngineConfig& cfg, const VolumeRecord& rec) {
    return {{"CreatedAt", volume_created_at(rec)},
            {"Driver", rec.driver},
            {"Labels", rec.labels},
            {"Mountpoint", volume_data_dir(cfg, rec.name)},
            {"Name", rec.name},
            {"Options", rec.options},
            {"Scope", "local"}};
}

}  // namespace tug::engine::volume
