// Turning a container's mount requests into what runc and the container record need:
// named and anonymous volumes created and referenced, image content copied up, -v bind
// sources created, OCI mounts and docker's inspect "Mounts" produced; and the reverse
// when the container stops or is removed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/volume/mount_spec.hpp"

namespace tug::engine::volume {

struct PreparedMounts {
    nlohmann::json oci_mounts = nlohmann::json::array();  // append to spec "mounts"
    std::string rootfs_propagation;  // "" or the linux.rootfsPropagation to set
};

// For container_id, in order: checks duplicate destinations, names anonymous volumes
// (specs are updated in place, so the caller can store them), creates missing volumes
// (anonymous ones with the anonymous label, --mount volume-opt/label/driver honoured),
// takes a reference on each (mounting local volumes with options), copies the image's
// content into empty volumes whose copy_data is set (image_rootfs: the container's
// mounted rootfs or the image's unpacked tree; "" skips copy-up), creates missing -v
// bind sources, and validates --mount binds against the data root. On failure the
// references taken so far are released.
PreparedMounts prepare_mounts(const EngineConfig& cfg, std::vector<MountSpec>& specs,
                              const std::string& container_id, const std::string& image_rootfs);

// Releases container_id's references on the volumes among a container's mounts (the
// monitor calls it when the container stops; it is idempotent).
void release_mounts(const EngineConfig& cfg, const std::vector<MountSpec>& mounts,
                    const std::string& container_id);

// `rm -v`: removes the anonymous volumes among a removed container's mounts that no
// other container uses. Call after the container record is gone. Errors are returned
// (one message per volume), not thrown, so rm can report them and go on.
std::vector<std::string> remove_anonymous_volumes(const EngineConfig& cfg,
                                                  const std::vector<MountSpec>& mounts);

// --volumes-from <container>[:ro|:rw]: the other container's mounts as this one takes
// them (what docker's inspect "Mounts" lists: not --tmpfs); mode "ro"/"rw" overrides
// each mount's RW, "" keeps it. InvalidArgument for another mode.
std::vector<MountSpec> specs_from_container(const std::vector<MountSpec>& other_mounts,
                                            const std::string& mode);

}  // namespace tug::engine::volume
