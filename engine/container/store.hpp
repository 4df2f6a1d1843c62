// The container store: container records (docker's inspect JSON plus tug's private
// "_tug" part) in the metadata database, and where each container's files live.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"

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

class Store {
public:
    explicit Store(const EngineConfig& config);

    const EngineConfig& config() const { return config_; }
    meta::Database& db() { return *db_; }

    // Adds a record. A taken name is a Conflict with docker's message.
    void insert(const nlohmann::json& record);
    // The record, or nullopt.
    std::optional<nlohmann::json> find(const std::string& id);
    // By full id, name (with or without "/"), or unique id prefix; NotFound with docker's
    // "No such container: <ref>".
    std::string resolve(const std::string& ref);
    nlohmann::json get(const std::string& id);
    // Every record of the namespace.
    std::vector<nlohmann::json> list();
    // Every record's listing subset (brief.hpp), for ps and stats.
    std::vector<nlohmann::json> list_brief();
    // Read-modify-write in one transaction; returns the record written. NotFound when it
    // was removed meanwhile.
    nlohmann::json update(const std::string& id, const std::function<void(nlohmann::json&)>& fn);
    // Removes the record; false when it was already gone.
    bool remove(const std::string& id);

private:
    // The JSON in column (an SQL expression) of every record of the namespace.
    std::vector<nlohmann::json> list_column(const char* column);

    EngineConfig config_;
    std::shared_ptr<meta::Database> db_;
};

// docker's adjective_surname name.
std::string generate_name();
// docker's rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+; InvalidArgument otherwise.
void validate_name(const std::string& name);

}  // namespace tug::engine::container
