// Volume commands' options and reports (tug volume create/ls/inspect/rm/prune).
// The run path uses engine/volume/store.hpp (acquire/release, copy_up) and
// engine/volume/mount_spec.hpp directly.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/api/volume_record.hpp"

namespace tug::engine {

struct VolumeCreateOptions {
    std::string name;  // "" -> a random 64-hex name
    std::string driver = "local";
    std::map<std::string, std::string> labels;   // --label k=v
    std::map<std::string, std::string> options;  // -o type=tmpfs -o device=tmpfs -o o=size=1m
};
// Creates (or finds: docker's create is idempotent) a volume; returns its name.
std::string volume_create(const EngineConfig& cfg, const VolumeCreateOptions& opts);

struct VolumeListOptions {
    // "key=value" --filter arguments: dangling=true|false, name=<regex>, driver=<name>,
    // label=<key> or label=<key>=<value>. Several values of one key are ORed, keys ANDed.
    std::vector<std::string> filters;
};
// The records of the matching volumes, sorted by name. InvalidArgument "invalid filter
// 'x'" for an unknown key, "bad format of filter (expected name=value)".
std::vector<VolumeRecord> volume_list(const EngineConfig& cfg, const VolumeListOptions& opts);

// Where a volume's data is on the host (docker's Mountpoint).
std::string volume_mountpoint(const EngineConfig& cfg, const std::string& name);

// docker's inspect JSON; NotFound "No such volume: <name>".
nlohmann::json volume_inspect(const EngineConfig& cfg, const std::string& name);

struct VolumeRemoveResult {
    std::string name;
    std::string error;  // "" on success
};
// Removes each volume; failures are reported per name (docker's rm continues).
// force: a missing volume is not an error. A volume in use is never removed.
std::vector<VolumeRemoveResult> volume_remove(const EngineConfig& cfg,
                                              const std::vector<std::string>& names, bool force);

struct VolumePruneOptions {
    bool all = false;  // also named volumes (docker 23+: only anonymous by default)
    std::vector<std::string> filters;  // label=..., label!=..., all=true|false
};
struct VolumePruneReport {
    std::vector<std::string> deleted;
    int64_t space_reclaimed = 0;
};
// Removes unused volumes (no container references them).
VolumePruneReport volume_prune(const EngineConfig& cfg, const VolumePruneOptions& opts);

}  // namespace tug::engine
