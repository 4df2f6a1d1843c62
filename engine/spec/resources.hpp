// linux.resources of the OCI spec from docker's HostConfig resource fields (memory,
// cpu, pids, blkio), shared by start and `update` (runc update takes the same object).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/container_record.hpp"

namespace tug::engine::spec {

// True on a unified (v2) cgroup hierarchy.
bool host_cgroup_v2();

// swap_accounting: whether the host can limit swap (cgroup v1 memory.memsw, or v2);
// docker then gives a container with a memory limit and no swap limit twice the memory
// as memory+swap. Only fields that are set appear in the result.
nlohmann::json linux_resources(const ContainerResources& resources, bool swap_accounting);

// Whether this host can limit swap (see above).
bool host_swap_accounting();

}  // namespace tug::engine::spec
