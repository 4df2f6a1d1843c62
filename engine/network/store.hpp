// Network records (the metadata database's `networks` table, typed records: see
// engine/api/network_record.hpp) and the paths networking uses.
//
// On disk:
//   <data_root>/networks/<id>.conflist   the CNI conflist tug generated for a network
//                                       (kept out of cni_conf_dir: tug owns these, and a
//                                       test's isolated data root stays isolated)
//   <data_root>/network/ipam/<name>/     host-local leases of user networks
//   /run/tug-cni/ipam/bridge/            those of the default bridge (host-wide)
//   <data_root>/network/cni-cache/       cached ADD results (libcni's results/ layout)
//   <data_root>/network/attachments/<container id>.json   what detach needs
//   <state_dir>/netns/<container id>     the pinned network namespace
#pragma once

#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "cni/conflist.hpp"
#include "cni/exec.hpp"
#include "engine/api/config.hpp"
#include "engine/api/network_record.hpp"

namespace tug::engine::meta {
class Database;
}

namespace tug::engine::network {

constexpr const char* kDefaultNetwork = "bridge";
// The default bridge's device (tug0) is one per host whatever the data root, so its
// leases are too; under /run so that a reboot, which ends every container, clears them.
constexpr const char* kDefaultBridgeIpamDir = "/run/tug-cni/ipam";
constexpr const char* kDefaultBridge = "tug0";
constexpr const char* kDefaultSubnet = "10.4.0.0/24";

struct Paths {
    std::string conflists, ipam, cni_cache, attachments, netns, locks;
};
Paths paths_for(const EngineConfig& config);
std::string netns_path(const EngineConfig& config, const std::string& container_id);

// Where a host-wide lock lives (subnets, bridge creation): shared by every data root on
// the host, since bridges and routes are host-wide.
std::string host_lock_path(const std::string& what);

cni::ExecOptions exec_options(const EngineConfig& config);

class Store {
public:
    // Opens the metadata database; the first store of a process also brings records of
    // an older format up to date (see record_legacy.hpp).
    explicit Store(const EngineConfig& config);

    // bridge, host and none exist in every namespace (created on first use).
    void ensure_defaults();
    // By exact name, full id or unique id prefix.
    std::optional<NetworkRecord> find(const std::string& ref);
    // NotFound: "network <ref> not found".
    NetworkRecord get(const std::string& ref);
    // Every network of the namespace, by name.
    std::vector<NetworkRecord> list();
    // Conflict when the name is taken.
    void insert(const NetworkRecord& record);
    void remove(const std::string& id);

    meta::Database& db() { return *db_; }

private:
    EngineConfig config_;
    std::shared_ptr<meta::Database> db_;
};

// The conflist for a record (also written to <conflists>/<id>.conflist).
std::string build_conflist(const EngineConfig& config, const NetworkRecord& rec);
// Writes the conflist if needed and parses it.
cni::NetworkConfigList load_network_conflist(const EngineConfig& config, const NetworkRecord& rec);
// The list without the plugins of the given types. An endpoint without published ports
// or a MAC address skips portmap and tuning: each plugin is an exec at ADD and again at
// DEL (portmap's DEL runs iptables even with nothing to remove). DEL uses the config
// cached with the ADD result, so it runs the same trimmed list.
cni::NetworkConfigList without_plugins(const cni::NetworkConfigList& list, const std::set<std::string>& types);

}  // namespace tug::engine::network
