// `tug version` and `tug info` reports.
#include <unistd.h>

#include <thread>

#include "engine/api/system.hpp"
#include "engine/base/fs.hpp"
#include "engine/meta/database.hpp"
#include "engine/base/arch.hpp"
#include "engine/system/host.hpp"

namespace tug::engine {

namespace {

int64_t mem_total_bytes() {
    auto text = base::read_file_if_exists("/proc/meminfo");
    if (!text) return 0;
    auto pos = text->find("MemTotal:");
    if (pos == std::string::npos) return 0;
    return std::strtoll(text->c_str() + pos + 9, nullptr, 10) * 1024;
}

// A random id kept in the data root, so that two tug hosts can be told apart.
std::string engine_id(const std::string& data_root) {
    const std::string path = data_root + "/engine-id";
    if (auto id = base::read_file_if_exists(path)) return *id;
    auto raw = base::read_file_if_exists("/proc/sys/kernel/random/uuid").value_or("");
    while (!raw.empty() && raw.back() == '\n') raw.pop_back();
    base::atomic_write_file(path, raw, 0644);
    return raw;
}

}  // namespace

VersionReport system_version(const EngineConfig& cfg) {
    VersionReport r;
    r.version = TUG_VERSION;
    r.os_arch = "linux/" + base::go_arch();
    r.runtime = cfg.runtime;
    r.runtime_version = system::runtime_version(cfg.runtime, cfg.children);
    r.kernel_version = system::kernel_version();
    return r;
}

InfoReport system_info(const EngineConfig& cfg, const std::string& config_file) {
    InfoReport r;
    auto db = meta::Database::open(cfg.database_path());
    r.id = engine_id(cfg.data_root);
    db->read([&] {
        auto images = db->prepare("SELECT count(*) FROM images WHERE namespace = ?");
        images.bind(1, cfg.namespace_);
        images.step();
        r.images = images.int64(0);
        auto containers = db->prepare(
            "SELECT count(*),"
            " coalesce(sum(status IN ('running', 'restarting')), 0),"
            " coalesce(sum(status = 'paused'), 0)"
            " FROM containers WHERE namespace = ?");
        containers.bind(1, cfg.namespace_);
        containers.step();
        r.containers = containers.int64(0);
        r.containers_running = containers.int64(1);
        r.containers_paused = containers.int64(2);
        r.containers_stopped = r.containers - r.containers_running - r.containers_paused;
    });
    r.server_version = TUG_VERSION;
    r.storage_driver = system::overlay_supported() ? "overlayfs" : "native";
    r.data_root = cfg.data_root;
    r.state_dir = cfg.state_dir;
    r.namespace_ = cfg.namespace_;
    r.config_file = config_file;
    r.runtime = cfg.runtime;
    r.runtime_path = system::find_in_path(cfg.runtime, cfg.children.search_path);
    r.runtime_version = system::runtime_version(cfg.runtime, cfg.children);
    r.cgroup_driver = cfg.cgroup_manager;
    r.cgroup_version = system::cgroup_version();
    r.cni_plugin_dirs = cfg.cni_paths;
    r.cni_config_dir = cfg.cni_conf_dir;
    r.insecure_registries = cfg.insecure_registries;
    r.kernel_version = system::kernel_version();
    r.operating_system = system::operating_system();
    r.os_type = "linux";
    r.architecture = base::go_arch();
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    r.hostname = host;
    r.ncpu = static_cast<int>(std::thread::hardware_concurrency());
    r.mem_total = mem_total_bytes();
    return r;
}

}  // namespace tug::engine
