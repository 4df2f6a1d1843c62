// The container store: container records (engine/api/container_record.hpp) in the
// metadata database, and where each container's files live.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/api/container_record.hpp"

namespace tug::engine::meta {
class Database;
}

namespace tug::engine::container {

// Where a container's files are. Runtime state (bundle, rootfs mount point, attach
// socket, locks) is under the state dir; what must survive a reboot (overlay upper and
// work, log, generated /etc files) under the data root.
struct Paths {
    std::string state;     // <state_dir>/containers/<id>: the OCI bundle
    std::string rootfs;    // <state>/rootfs
    std::string data;      // <data_root>/containers/<id>
    std::string upper, work;
    std::string log;       // <data>/<id>-json.log
    std::string monitor_lock;  // held by the monitor for its whole life
    std::string cleanup_lock;  // serializes teardown between the monitor and rm -f
    std::string start_lock;    // held by a start until its monitor runs (see reconcile_lost)
    std::string attach_socket;
    std::string runc_root;     // <state_dir>/runc
    std::string runc_log;      // <state>/runc.log
};

Paths paths_for(const EngineConfig& config, const std::string& id);

// The generated /etc files a container bind-mounts (docker's HostnamePath, HostsPath and
// ResolvConfPath): its own, or those of the container whose network it joins.
struct EtcPaths {
    std::string hostname, hosts, resolv_conf;
};
EtcPaths etc_paths(const EngineConfig& config, const ContainerRecord& rec);

class Store {
public:
  // Opens the metadata database; the first store of a process also brings records of
  // an older format up to date (see record_legacy.hpp).
  explicit Store(const EngineConfig& config);

  const EngineConfig& config() const { return config_; }
  meta::Database& db() { return *db_; }

  // Adds a record. A taken name is a Conflict with docker's message.
  void insert(const ContainerRecord& record);
  // The record, or nullopt.
  std::optional<ContainerRecord> find(const std::string& id);
  // By full id, name (with or without "/"), or unique id prefix; NotFound with docker's
  // "No such container: <ref>".
  std::string resolve(const std::string& ref);
  ContainerRecord get(const std::string& id);
  // Every record of the namespace.
  std::vector<ContainerRecord> list();
  // Read-modify-write in one transaction; returns the record written. NotFound when it
  // was removed meanwhile.
  ContainerRecord update(const std::string& id, const std::function<void(ContainerRecord&)>& fn);
  // The same, with the health log (the last results of the health check, kept beside
  // the record so that readers of the record do not pay for it).
  ContainerRecord update_health(
      const std::string& id,
      const std::function<void(ContainerRecord&, std::vector<HealthResult>&)>& fn);
  std::vector<HealthResult> health_log(const std::string& id);
  // A new name; Conflict with docker's message when another container has it.
  void rename(const std::string& id, const std::string& name);
  // Removes the record; false when it was already gone.
  bool remove(const std::string& id);

private:
  void write_record(const ContainerRecord& record, const std::vector<HealthResult>* health_log);

  EngineConfig config_;
  std::shared_ptr<meta::Database> db_;
};

// docker's adjective_surname name.
std::string generate_name();
// docker's rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+; InvalidArgument otherwise.
void validate_name(const std::string& name);

}  // namespace tug::engine::container
