// run/create flags that shape the runtime spec beyond process and network: mounts and
// volumes, security, devices, resources (docker run's names and meanings).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/api/container_host_options.hpp"

namespace tug::commands {

// The resource flags, shared by run/create and `update`; sizes and --cpus stay text
// until to_host_options/apply_resource_flags so errors carry docker's wording.
struct ResourceFlags {
    std::string cpus, memory, memory_swap, memory_reservation, kernel_memory;
    int64_t cpu_shares = 0, cpu_period = 0, cpu_quota = 0, pids_limit = 0;
    std::string cpuset_cpus, cpuset_mems;
    uint16_t blkio_weight = 0;
};

struct HostFlags {
    std::vector<std::string> volumes, mounts, tmpfs, volumes_from;
    std::string volume_driver, shm_size;
    bool read_only = false, privileged = false;
    std::vector<std::string> cap_add, cap_drop, security_opt, devices, device_cgroup_rules;
    std::vector<std::string> group_add, sysctls, ulimits;
    std::string userns, ipc, pid, uts, cgroupns;
    int oom_score_adj = 0;
    ResourceFlags res;
};

void add_host_flags(CLI::App& app, HostFlags& f);
void add_resource_flags(CLI::App& app, ResourceFlags& f);

// InvalidArgument for malformed values, with docker's wording.
engine::ContainerHostOptions to_host_options(const HostFlags& f);

// Fills the resource fields of o from f (InvalidArgument as docker's CLI).
void apply_resource_flags(const ResourceFlags& f, engine::ContainerHostOptions& o);

}  // namespace tug::commands
