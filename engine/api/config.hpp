// EngineConfig: where tug keeps its state and which external programs it drives,
// resolved by the CLI (flag > environment > tug.toml > default) and handed to every
// engine entry point. It also carries all the engine would otherwise take from the
// process it runs in: the engine never reads its environment, working directory,
// terminal or umask (under serve-cri those would be the server's, not its caller's).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/base/child_env.hpp"

namespace tug::engine {

namespace container {
class Platform;
}

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
    // The snapshotter a new store uses: "overlay" or "native"; "" picks overlay where the
    // kernel and file system allow it. A store keeps the one it was created with.
    std::string snapshotter;
    // Where docker's config.json (registry logins, credential helpers) is: the CLI's
    // $DOCKER_CONFIG, else $HOME/.docker.
    std::string docker_config_dir = "/root/.docker";
    // The environment and program search path of everything the engine runs: runc, CNI
    // plugins, iptables, apparmor_parser, ps, credential helpers. The CLI passes its own.
    base::ChildEnv children;
    // What the container lifecycle does on the host (runtime, rootfs mount, network,
    // monitor launch; see engine/container/platform.hpp). Null: the real host. Only unit
    // tests set another; it never reaches a re-executed monitor.
    std::shared_ptr<const container::Platform> platform;
    // The program a container's monitor runs as: tug-monitor, which the CLI finds beside
    // itself. Empty: this program re-executed (/proc/self/exe __monitor).
    std::string monitor_program;

    std::string database_path() const { return data_root + "/meta.db"; }
};

}  // namespace tug::engine
