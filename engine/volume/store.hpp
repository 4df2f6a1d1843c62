// Volume records in the metadata database (table volumes) and the local driver: each
// volume is <data_root>/volumes/<name>/_data, optionally a mount (-o type/device/o)
// performed when the first container uses it and undone when the last one leaves.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/api/volume_record.hpp"

namespace tug::engine::volume {

struct CreateRequest {
    std::string name;  // "" -> a new anonymous name (64 hex)
    std::string driver = "local";
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> options;  // local driver: type, device, o
    bool anonymous = false;  // adds kAnonymousVolumeLabel
};

// <data_root>/volumes/<name> and its _data directory (the Mountpoint).
std::string volume_root(const EngineConfig& cfg, const std::string& name);
std::string volume_data_dir(const EngineConfig& cfg, const std::string& name);

// Creates the record and directory; an existing volume of the same name is returned
// unchanged (docker's idempotent create). Errors: invalid name (docker's message,
// prefixed "create <name>: "), an unknown driver ("create x: error looking up volume
// plugin foo: plugin \"foo\" not found"), invalid local options ("invalid option:
// \"x\"", "missing required option: \"device\""), a name taken by another driver.
// Returns the record.
VolumeRecord create_volume(const EngineConfig& cfg, const CreateRequest& req);

// The stored record, or nullopt. get_volume throws NotFound "get <name>: no such volume".
// The first use of a store brings records of an older format up to date.
std::optional<VolumeRecord> find_volume(const EngineConfig& cfg, const std::string& name);
VolumeRecord get_volume(const EngineConfig& cfg, const std::string& name);
// Every volume of the namespace, by name.
std::vector<VolumeRecord> list_volumes(const EngineConfig& cfg);

// The containers (ids) whose mounts use the volume, from the metadata database's
// container_volumes table (the container store keeps it with each record).
std::vector<std::string> volume_users(const EngineConfig& cfg, const std::string& name);

// Takes a reference for user (a container id) and returns the host directory to bind.
// A volume with mount options is mounted when it is not mounted yet. Idempotent per
// user. NotFound when the volume does not exist.
std::string acquire(const EngineConfig& cfg, const std::string& name, const std::string& user);
// Drops user's reference; the last one unmounts a volume with mount options. A missing
// volume or reference is not an error (teardown runs after crashes too).
void release(const EngineConfig& cfg, const std::string& name, const std::string& user);

// Removes the volume: record and directory. Conflict "remove x: volume is in use -
// [id1 id2]" when a container references it; NotFound "get x: no such volume" unless
// force.
void remove_volume(const EngineConfig& cfg, const std::string& name, bool force);

// Bytes of the regular files under dir (hard links counted once), as docker's
// directory.Size for prune's "Total reclaimed space".
int64_t directory_size(const std::string& dir);

// docker's named-volume copy-up: when volume_dir is empty, fills it with the content
// of path_in_image inside image_rootfs (resolved without leaving the rootfs),
// preserving ownership, modes, times, xattrs, symlinks, hard links, device nodes and
// fifos, and gives volume_dir the ownership and mode of the image directory. Nothing
// happens when volume_dir is not empty or the path does not exist in the image.
void copy_up(const std::string& image_rootfs, const std::string& path_in_image,
             const std::string& volume_dir);

}  // namespace tug::engine::volume
