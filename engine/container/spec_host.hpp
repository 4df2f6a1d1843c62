// The host-shaping parts of a container's OCI spec (mounts and volumes, security,
// devices, resources), applied at each start from what create recorded.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/container/store.hpp"

namespace tug::engine::container {

// Adjusts spec (built by spec::build_spec with docker's defaults) for the record's host
// settings and mounts. rootfs is mounted at paths.rootfs.
void apply_host_spec(const EngineConfig& config, const ContainerRecord& rec, const Paths& paths,
                     nlohmann::json& spec);

// With --init: the init bind-mounted read-only at /sbin/docker-init and put in front of
// the process args, as docker does. FailedPrecondition when it is not installed.
void apply_init(const ContainerRecord& rec, nlohmann::json& spec);

}  // namespace tug::engine::container
