// The seam between containers and the image store: an image reference becomes the
// image id, its config JSON and the chain ids (or directories) its rootfs is made of.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/api/container_record.hpp"
#include "engine/base/mount.hpp"

namespace tug::engine::container {

struct ImageSource {
    std::string id;         // "sha256:<config digest>"; "" for a plain rootfs directory
    std::string reference;  // as given by the user
    nlohmann::json config = nlohmann::json::object();  // the image config's "config" object
    std::vector<std::string> chain_ids;  // base layer first
    std::string rootfs_dir;  // an absolute directory used as the read-only lower layer
};

// Resolves ref in the image store (pulling per policy: "always", "missing", "never").
// platform ("os/arch[/variant]", "" for the host's) is the one to pull and to find
// locally: a stored image of another platform counts as missing, as in docker.
// FailedPrecondition, before any pull, unpack or write, when this host cannot run the
// requested platform or the image's own (see platform_check.hpp).
// An absolute path to a directory is used as a root file system as it is (like
// podman's --rootfs), without image config. NotFound with docker's wording when absent.
ImageSource resolve_image(const EngineConfig& config, const std::string& ref,
                          const std::string& pull_policy, const std::string& platform = "");

// The mounts of a container's writable rootfs over the image, upper/work owned by the
// container (existing, empty on first use).
std::vector<base::Mount> rootfs_mounts(const EngineConfig& config, const RootfsSource& rootfs,
                                       const std::string& upper, const std::string& work);

// Prepares the container's upper dir where the snapshotter needs it (native driver).
void prepare_rootfs(const EngineConfig& config, const ImageSource& image, const std::string& upper);

}  // namespace tug::engine::container
