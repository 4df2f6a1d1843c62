// system_disk_usage: docker's `system df` figures from the stores.
#include <map>
#include <set>

#include "engine/api/system.hpp"
#include "engine/container/store.hpp"
#include "engine/image/summary.hpp"
#include "engine/meta/database.hpp"
#include "engine/snapshot/fs_ops.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine {

DiskUsageReport system_disk_usage(const EngineConfig& cfg) {
    DiskUsageReport r;
    image::ImageStore store(cfg);
    snapshot::Snapshotter snaps = snapshot::Snapshotter::for_config(cfg);
    auto counts = image::container_counts(store.db(), cfg.namespace_);
    // Layers shared between images count once; a layer is reclaimable when only
    // unused images hold it.
    std::map<std::string, bool> layer_active;
    for (const auto& rec : store.list()) {
        const bool active = counts[rec.id] > 0;
        ++r.images.total;
        if (active) ++r.images.active;
        for (const auto& l : rec.layers)
            layer_active[l.chain_id] |= active;
    }
    for (const auto& [chain, active] : layer_active) {
        const uint64_t size = snaps.diff_size(chain);
        r.images.size += size;
        if (!active) r.images.reclaimable += size;
    }

    std::set<std::string> used;
    container::Store containers(cfg);
    for (const auto& rec : containers.list()) {
        const uint64_t size = snapshot::tree_size(container::paths_for(cfg, rec.id).upper);
        ++r.containers.total;
        r.containers.size += size;
        if (rec.state.running())
            ++r.containers.active;
        else
            r.containers.reclaimable += size;
        for (const auto& m : rec.mounts)
            if (m.type == MountType::Volume) used.insert(m.source);
    }

    auto vs = store.db().prepare("SELECT name FROM volumes WHERE namespace = ?1");
    vs.bind(1, cfg.namespace_);
    while (vs.step()) {
        const std::string name = vs.text(0);
        const uint64_t size = snapshot::tree_size(cfg.data_root + "/volumes/" + name + "/_data");
        ++r.volumes.total;
        r.volumes.size += size;
        if (used.count(name))
            ++r.volumes.active;
        else
            r.volumes.reclaimable += size;
    }
    return r;
}

}  // namespace tug::engine
