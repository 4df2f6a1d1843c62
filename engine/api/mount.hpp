// A container's mount as create resolves it from -v, --mount, --tmpfs, --volumes-from
// and the image's VOLUMEs (parsed in engine/volume/mount_spec.hpp), kept in its record.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace tug::engine {

enum class MountType { Bind, Volume, Tmpfs };

struct MountSpec {
    MountType type = MountType::Volume;
    // Bind: absolute, cleaned host path. Volume: the volume name; empty for an anonymous
    // volume until resolve time (base::random_id() gives one). Tmpfs: empty.
    std::string source;
    std::string destination;  // absolute, cleaned path in the container
    bool read_only = false;
    // The -v mode string as given ("ro,z"), docker's MountPoint.Mode; "" for --mount.
    std::string mode;
    // Bind: one of private/rprivate/shared/rshared/slave/rslave, "" when not given
    // (docker's default rprivate then applies: effective_propagation()). Others: "".
    std::string propagation;
    bool bind_nonrecursive = false;
    // Volume: fill a new, empty volume from the image's content at destination.
    bool copy_data = true;
    std::string volume_driver;                          // "" means "local"
    std::map<std::string, std::string> volume_options;  // --mount volume-opt=k=v
    std::map<std::string, std::string> volume_labels;   // --mount volume-label=k=v
    // Tmpfs: --mount tmpfs-size/tmpfs-mode (0: not given) or --tmpfs's raw option list.
    int64_t tmpfs_size = 0;
    uint32_t tmpfs_mode = 0;
    std::string tmpfs_data;
    // Where it came from: a missing bind source is created for -v, an error for --mount.
    enum class Origin {
        VolumeFlag,
        MountFlag,
        TmpfsFlag,
        ImageVolume,
        VolumesFrom
    } origin = Origin::VolumeFlag;
    // A volume without a name in the request: the caller names it with
    // base::random_id() (source) and creates it with the anonymous label.
    bool anonymous = false;
};

}  // namespace tug::engine
