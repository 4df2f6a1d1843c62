// container_prune: remove every stopped container that matches docker's prune filters.
#include <map>

#include "engine/api/container.hpp"
#include "engine/api/container_boot.hpp"
#include "engine/base/error.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"
#include "engine/image/summary.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/snapshot/fs_ops.hpp"

namespace tug::engine {

namespace {

struct PruneFilters {
    int64_t until = 0;  // unix seconds; 0: no bound
    std::vector<std::string> labels, not_labels;
};

PruneFilters parse_filters(const std::vector<std::string>& filters) {
    PruneFilters f;
    for (const auto& text : filters) {
        const auto eq = text.find('=');
        const std::string key = text.substr(0, eq), value = eq == std::string::npos ? "" : text.substr(eq + 1);
        if (key == "until")
            f.until = image::parse_until(value);
        else if (key == "label")
            f.labels.push_back(value);
        else if (key == "label!")
            f.not_labels.push_back(value);
        else
            throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
    }
    return f;
}

bool matches(const ContainerRecord& rec, const PruneFilters& f) {
    if (f.until && rec.created_ns / 1000000000 >= f.until) return false;
    const auto& labels = rec.config.labels;
    for (const auto& want : f.labels)
        if (!image::label_matches(labels, want)) return false;
    for (const auto& want : f.not_labels)
        if (image::label_matches(labels, want)) return false;
    return true;
}

}  // namespace

ContainerPruneReport container_prune(const EngineConfig& config, const ContainerPruneOptions& opts) {
    const PruneFilters filters = parse_filters(opts.filters);
    container::Store store(config);
    ContainerPruneReport report;
    for (const ContainerRecord& rec : store.list()) {
        const std::string& id = rec.id;
        // docker keeps running, paused and restarting containers; a live monitor is all
        // three (a record that says running without one is a stopped container).
        if (container::monitor_alive(config, id) || !matches(rec, filters)) continue;
        const uint64_t size = snapshot::tree_size(container::paths_for(config, id).upper);
        // One at a time and without -v, like docker: anonymous volumes stay for volume prune.
        const auto result = container_remove(config, {.containers = {id}, .force = false, .volumes = false});
        if (result.front().error) continue;  // started or removed meanwhile
        report.deleted.push_back(id);
        report.reclaimed += size;
    }
    return report;
}

}  // namespace tug::engine
