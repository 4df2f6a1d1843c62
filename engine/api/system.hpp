// System-wide reports: `tug version` and `tug info`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/config.hpp"

namespace tug::engine {

struct VersionReport {
    std::string version;      // tug's
    std::string os_arch;      // "linux/amd64"
    std::string runtime;      // "runc"
    std::string runtime_version;  // "1.1.5", "" when the runtime cannot be run
    std::string kernel_version;
};

VersionReport system_version(const EngineConfig& cfg);

// `tug system df`: what images, containers and volumes take, and what of it is unused.
struct DiskUsageRow {
    int64_t total = 0;
    int64_t active = 0;
    uint64_t size = 0;
    uint64_t reclaimable = 0;
};

struct DiskUsageReport {
    DiskUsageRow images, containers, volumes, build_cache;
};

DiskUsageReport system_disk_usage(const EngineConfig& cfg);

struct InfoReport {
    std::string id;  // a stable id of this data root
    int64_t containers = 0, containers_running = 0, containers_paused = 0, containers_stopped = 0;
    int64_t images = 0;
    std::string server_version;
    std::string storage_driver;  // "overlayfs" or "native" (copying fallback)
    std::string data_root, state_dir, namespace_, config_file;
    std::string runtime, runtime_path, runtime_version;
    std::string cgroup_driver;
    int cgroup_version = 1;
    std::vector<std::string> cni_plugin_dirs;
    std::string cni_config_dir;
    std::vector<std::string> insecure_registries;
    std::string kernel_version, operating_system, os_type, architecture, hostname;
    int ncpu = 0;
    int64_t mem_total = 0;
};

// Gathers the report; counts come from the metadata database of cfg.namespace_.
InfoReport system_info(const EngineConfig& cfg, const std::string& config_file);

}  // namespace tug::engine
