// EngineConfig: where tug keeps its state and which external programs it drives,
// resolved by the CLI (flag > environment > tug.toml > default) and handed to every
// engine entry point.
#pragma once

#include <string>
#include <vector>

namespace tug::engine {

struct EngineConfig {
    std::string data_root = "/var/lib/tug";
    std::string state_dir = "/run/tug";
    std::string namespace_ = "default";
    std::string runtime = "runc";  // binary name or path of the OCI runtime
    std::string cgroup_manager = "cgroupfs";  // or "systemd"
    // CNI plugin directories, searched in order; the CLI appends the standard ones.
    std::vector<std::string> cni_paths;
    std::string cni_conf_dir = "/etc/cni/net.d";
    std::vector<std::string> insecure_registries;
    std::string registry_config_dir = "/etc/tug/certs.d";
    int max_concurrent_downloads = 3;
    int max_concurrent_uploads = 5;
    bool debug = false;

    std::string database_path() const { return data_root + "/meta.db"; }
};

}  // namespace tug::engine
