// A volume as the engine keeps it: what create was given and which containers use it
// now. Stored once per volume in the metadata database (engine/volume/record_fields.hpp
// lists the stored fields); docker's inspect JSON is rendered from it in one place
// (engine/volume/inspect_json.cpp). Its Mountpoint is not stored: it follows from the
// name and the data root (volume_mountpoint).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tug::engine {

// docker 23+'s label on anonymous volumes; `volume prune` without --all removes only these.
inline constexpr const char* kAnonymousVolumeLabel = "com.docker.volume.anonymous";

struct VolumeRecord {
    std::string name;
    std::string driver = "local";
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> options;  // local driver: type, device, o
    int64_t created = 0;                         // unix seconds (docker's CreatedAt)
    // The containers holding a reference (volume::acquire): a volume with mount options
    // is unmounted when the last one releases it.
    std::vector<std::string> users;

    bool anonymous() const { return labels.count(kAnonymousVolumeLabel) > 0; }
    // Whether the local driver mounts something on first use (-o type=... -o device=...).
    bool has_mount() const { return options.count("type") && options.count("device"); }
};

// docker's CreatedAt text of a volume: "2026-12-07T21:00:00Z".
std::string volume_created_at(const VolumeRecord& rec);

}  // namespace tug::engine
