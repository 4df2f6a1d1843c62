// Record updates for start/exit and the idempotent runtime teardown.
#include "engine/container/lifecycle.hpp"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/base/mount.hpp"
#include "engine/container/platform.hpp"
#include "engine/health/state.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/volume/attach.hpp"

namespace tug::engine::container {

std::unique_ptr<runtime::OciRuntime> runtime_for(const EngineConfig& config,
                                                 const std::string& runtime_name,
                                                 const std::string& id) {
    auto p = paths_for(config, id);
    runtime::RuntimeContext ctx{p.runc_root, p.runc_log, config.cgroup_manager == "systemd",
                                config.children};
    return platform_of(config).runtime(runtime_name.empty() ? config.runtime : runtime_name, ctx);
}

std::unique_ptr<runtime::OciRuntime> runtime_for(const EngineConfig& config,
                                                 const ContainerRecord& rec) {
    return runtime_for(config, rec.host.runtime, rec.id);
}

void record_started(Store& store, const std::string& id, int pid) {
    const int64_t now = logs::to_ns(logs::Clock::now());
    store.update(id, [&](ContainerRecord& r) {
        auto& s = r.state;
        s.status = ContainerStatus::Running;
        s.pid = pid;
        s.exit_code = 0;
        s.error.clear();
        s.oom_killed = false;
        s.started_ns = now;
        // In the same write as Running, so ps never shows a new run with the last health.
        if (health::probe_of(r.config.healthcheck)) s.health = HealthState{};
    });
}

void record_exited(Store& store, const std::string& id, int exit_code, bool oom_killed) {
    const int64_t now = logs::to_ns(logs::Clock::now());
    store.update(id, [&](ContainerRecord& r) {
        auto& s = r.state;
        // A container killed while frozen exits paused as far as the record knows.
        s.status = ContainerStatus::Exited;
        s.pid = 0;
        s.exit_code = exit_code;
        s.oom_killed = oom_killed;
        s.finished_ns = now;
    });
}

void record_start_failed(Store& store, const std::string& id, int exit_code,
                         const std::string& error) {
    store.update(id, [&](ContainerRecord& r) {
        auto& s = r.state;
        // docker leaves a container whose command could not start in "created" with the
        // error recorded, unless it had run before.
        if (s.started_ns != 0) {
            s.status = ContainerStatus::Exited;
            s.finished_ns = logs::to_ns(logs::Clock::now());
        } else {
            s.status = ContainerStatus::Created;
        }
        s.pid = 0;
        s.exit_code = exit_code;
        s.error = error;
    });
}

bool monitor_alive(const EngineConfig& config, const std::string& id) {
    auto p = paths_for(config, id);
    if (::access(p.state.c_str(), F_OK) != 0) return false;
    try {
        auto lock = base::FileLock::try_acquire(p.monitor_lock);
        return !lock.held();
    } catch (const Error&) {
        return false;
    }
}

void teardown_runtime(const EngineConfig& config, const std::string& id) {
    auto p = paths_for(config, id);
    if (::access(p.state.c_str(), F_OK) != 0) return;
    auto lock = base::FileLock::acquire(p.cleanup_lock);
    const Platform& platform = platform_of(config);
    std::optional<ContainerRecord> rec;
    try {
        Store store(config);
        rec = store.find(id);
    } catch (const Error& e) {
        base::log_warning("teardown " + id + ": " + e.message());
    }
    // runc keeps its state in <root>/<id>: without it there is nothing to delete, and
    // not running `runc delete` saves a start of a fresh container some 10-20 ms.
    if (::access((p.runc_root + "/" + id).c_str(), F_OK) == 0) {
        try {
            runtime_for(config, rec ? rec->host.runtime : std::string(), id)->remove(id, true);
        } catch (const Error& e) {
            base::log_warning("teardown " + id + ": " + e.message());
        }
    }
    platform.unmount_rootfs(p);
    try {  // volumes mounted with options are unmounted when their last user stops
        if (rec) volume::release_mounts(config, rec->mounts, id);
    } catch (const Error& e) {
        base::log_warning("teardown " + id + ": " + e.message());
    }
    try {
        platform.stop_network(config, id);
    } catch (const Error& e) {
        base::log_warning("teardown " + id + ": " + e.message());
    }
}

void set_lost(ContainerState& state) {
    state.status = ContainerStatus::Exited;
    state.pid = 0;
    state.exit_code = 255;
}

void record_lost(Store& store, const std::string& id) {
    const int64_t now = logs::to_ns(logs::Clock::now());
    store.update(id, [&](ContainerRecord& r) {
        if (!r.state.running()) return;
        set_lost(r.state);
        r.state.finished_ns = now;
    });
}

bool reconcile_lost(const EngineConfig& config, Store& store, const std::string& id) {
    const auto paths = paths_for(config, id);
    try {
        base::make_dirs(paths.state, 0711);  // a reboot took it away
        // A start in progress has no monitor yet: it holds the start lock until it has.
        auto lock = base::FileLock::try_acquire(paths.start_lock);
        if (!lock.held() || monitor_alive(config, id)) return true;
        const ContainerRecord rec = store.get(id);
        if (!rec.state.running()) return true;
        record_lost(store, id);
        teardown_runtime(config, id);
        if (rec.host.auto_remove) {
            forget_auto_removed(config, store, store.get(id));
            remove_container_files(config, id);
            return false;
        }
        return true;
    } catch (const Error& e) {
        if (e.code() == Errc::NotFound) return false;
        base::log_warning("container " + id + " lost its monitor: " + e.message());
        return true;
    }
}

void remove_tree_one_fs(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return;
    ::nftw(
        path.c_str(),
        [](const char* fpath, const struct stat* sb, int type, struct FTW*) -> int {
            (void)sb;
            if (type == FTW_DP || type == FTW_D)
                ::rmdir(fpath);
            else
                ::unlink(fpath);
            return 0;
        },
        32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

void remove_container_files(const EngineConfig& config, const std::string& id) {
    auto p = paths_for(config, id);
    if (base::is_mount_point(p.rootfs)) base::unmount(p.rootfs, true);
    remove_tree_one_fs(p.data);
    remove_tree_one_fs(p.state);
}

void forget_auto_removed(const EngineConfig& config, Store& store, const ContainerRecord& rec) {
    store.remove(rec.id);
    for (const auto& err : volume::remove_anonymous_volumes(config, rec.mounts))
        base::log_warning("remove " + rec.id + ": " + err);
}

int exit_code_for_start_error(Errc code) {
    if (code == Errc::CommandNotFound) return 127;
    if (code == Errc::CannotInvoke) return 126;
    return 125;
}

}  // namespace tug::engine::container
