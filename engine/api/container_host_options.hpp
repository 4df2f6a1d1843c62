// run/create's options that shape the runtime spec beyond process and network: mounts
// and volumes, security (capabilities, seccomp, AppArmor, privileges, namespaces),
// devices and resource limits. Filled by commands/container_host_flags.cpp; applied by
// engine/container/create_host.cpp (record) and engine/container/spec_host.cpp (spec).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tug::engine {

struct ContainerHostOptions {
    // Mounts, as given on the command line (parsed and validated at create).
    std::vector<std::string> volumes;       // -v
    std::vector<std::string> mounts;        // --mount
    std::vector<std::string> tmpfs;         // --tmpfs
    std::vector<std::string> volumes_from;  // --volumes-from <container>[:ro|:rw]
    std::string volume_driver;
    // What "./x" and "." bind sources in volumes and mounts are relative to: docker's
    // CLI makes them absolute against its working directory. "" leaves them as given,
    // where the daemon's rules reject them (no volume name has a '/').
    std::string working_dir;
    bool read_only = false;
    int64_t shm_size = 0;  // bytes; 0: docker's 64 MiB

    // Security.
    bool privileged = false;
    std::vector<std::string> cap_add, cap_drop, security_opt;
    std::vector<std::string> devices;               // host[:ctr[:perms]]
    std::vector<std::string> device_cgroup_rules;  // "c 1:3 rwm"
    std::vector<std::string> group_add;
    std::string userns, ipc, pid, uts, cgroupns;
    std::map<std::string, std::string> sysctls;
    int oom_score_adj = 0;
    std::vector<std::string> ulimits;  // name=soft[:hard]

    // Resources (0: not set, as docker's zero values).
    int64_t nano_cpus = 0;
    int64_t cpu_shares = 0, cpu_period = 0, cpu_quota = 0;
    std::string cpuset_cpus, cpuset_mems;
    int64_t memory = 0, memory_swap = 0, memory_reservation = 0, kernel_memory = 0;
    int64_t pids_limit = 0;
    uint16_t blkio_weight = 0;
};

}  // namespace tug::engine
