// system_boot: reconcile records left "running" by a reboot, release what they held,
// then start the containers whose restart policy docker's daemon honours at its start.
#include <algorithm>

#include "engine/api/container.hpp"
#include "engine/api/container_boot.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/container/boot.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"

namespace tug::engine {

namespace {

// Whatever the dead container still holds: runc state, the rootfs mount, volume mounts,
// the network attachment (CNI DEL releases leases and port maps even without the netns).
// teardown_runtime works from the state dir, which a reboot took away: give it one back
// for the duration.
void release_leftovers(const EngineConfig& config, const std::string& id) {
    const auto paths = container::paths_for(config, id);
    base::make_dirs(paths.state, 0711);
    container::teardown_runtime(config, id);
    container::remove_tree_one_fs(paths.state);
}

}  // namespace

namespace container {

bool restart_at_boot(const ContainerRecord& rec) {
    const auto& s = rec.state;
    if (s.started_ns == 0) return false;
    if (rec.host.auto_remove) return false;
    const auto& policy = rec.host.restart_policy;
    if (policy.name == "always") return true;
    if (policy.name == "unless-stopped") return !s.stop_requested;
    if (policy.name == "on-failure")
        return s.exit_code != 0 &&
               (policy.max_retries == 0 || s.restart_count < policy.max_retries);
    return false;
}

}  // namespace container

SystemBootReport system_boot(const EngineConfig& config) {
    base::make_dirs(config.state_dir, 0711);
    // Two boots at once (a unit started twice, an operator racing systemd) must not both
    // see a container as down and start it twice.
    auto lock = base::FileLock::acquire(config.state_dir + "/boot.lock");
    container::Store store(config);
    SystemBootReport report;
    std::vector<ContainerRecord> to_start;
    for (const ContainerRecord& listed : store.list()) {
        const std::string& id = listed.id;
        if (container::monitor_alive(config, id)) continue;
        try {
            if (listed.state.running()) {
                container::record_lost(store, id);
                release_leftovers(config, id);
                report.reconciled.push_back(id);
                // docker's daemon removes the --rm containers it finds dead at start-up.
                if (listed.host.auto_remove) {
                    container::forget_auto_removed(config, store, store.get(id));
                    container::remove_container_files(config, id);
                    report.removed.push_back(id);
                    continue;
                }
            }
            ContainerRecord rec = store.get(id);
            if (container::restart_at_boot(rec)) to_start.push_back(std::move(rec));
        } catch (const Error& e) {
            if (e.code() == Errc::NotFound) continue;  // removed meanwhile
            report.failures.push_back({listed.name, e.message()});
        }
    }
    // A container on another's network namespace needs that one running first.
    std::stable_partition(to_start.begin(), to_start.end(),
                          [](const ContainerRecord& r) { return !r.joins_other_network(); });
    for (const ContainerRecord& rec : to_start) {
        const std::string& id = rec.id;
        try {
            // As docker's daemon does on start-up: a fresh start resets the count.
            store.update(id, [](ContainerRecord& r) { r.state.restart_count = 0; });
            container_start(config, {.container = id});
            report.started.push_back(id);
        } catch (const Error& e) {
            report.failures.push_back({rec.name, e.message()});
        }
    }
    return report;
}

}  // namespace tug::engine
