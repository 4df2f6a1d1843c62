// A container as the engine keeps it: what create resolved (process config, host
// settings, mounts, networks) and what its runs changed (state, endpoints, ports).
// Stored once per container in the metadata database (engine/container/record_fields.hpp
// lists the stored fields); docker's inspect JSON is rendered from it in one place
// (engine/container/inspect_json.cpp), and ps, port and the other readers take it as is.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/mount.hpp"
#include "engine/api/network.hpp"

namespace tug::engine {

// docker's HealthConfig as run/create give it (--health-*, --no-healthcheck). A zero
// field inherits the image's HEALTHCHECK value, then docker's default.
struct HealthcheckOptions {
    std::vector<std::string> test;  // ["CMD-SHELL", cmd], ["NONE"], or empty: the image's
    int64_t interval_ns = 0, timeout_ns = 0, start_period_ns = 0, start_interval_ns = 0;
    int retries = 0;
};

// docker's State.Status values.
enum class ContainerStatus : uint8_t {
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead
};

// "created", "running", ...
std::string_view container_status_name(ContainerStatus s);
// The status of a name; nullopt for an unknown one.
std::optional<ContainerStatus> container_status_of(std::string_view name);

// docker's State.Health without its log (see HealthResult).
struct HealthState {
    std::string status = "starting";  // "starting", "healthy", "unhealthy"
    int failing_streak = 0;
};

// One probe run (docker's HealthcheckResult).
struct HealthResult {
    int64_t start_ns = 0, end_ns = 0;
    int exit_code = 0;  // 0 healthy; -1 when the probe timed out or could not run
    std::string output;
};

struct ContainerState {
    ContainerStatus status = ContainerStatus::Created;
    bool oom_killed = false;
    bool dead = false;
    int pid = 0;
    int exit_code = 0;
    std::string error;
    int64_t started_ns = 0;             // 0: never started (docker's 0001-01-01T00:00:00Z)
    int64_t finished_ns = 0;            // 0: never finished
    std::optional<HealthState> health;  // when the container has a health check
    int restart_count = 0;
    // A stop, kill or rm asked for the container to stay down: no restart policy applies.
    bool stop_requested = false;
    // That stop is the first half of `tug restart`: a --rm container is kept for the start.
    bool manual_restart = false;

    // Running, paused or restarting: a run is in progress (docker's State.Running).
    bool running() const {
        return status == ContainerStatus::Running || status == ContainerStatus::Paused ||
               status == ContainerStatus::Restarting;
    }
    // Its process exists: running or frozen, not between runs.
    bool has_process() const {
        return status == ContainerStatus::Running || status == ContainerStatus::Paused;
    }
    bool paused() const { return status == ContainerStatus::Paused; }
    bool restarting() const { return status == ContainerStatus::Restarting; }
};

// The process and identity half of create's result (docker's Config).
struct ContainerConfig {
    std::string hostname, domainname;
    std::string user;
    bool attach_stdin = false, attach_stdout = true, attach_stderr = true;
    bool tty = false, open_stdin = false, stdin_once = false;
    std::vector<std::string> env;
    std::vector<std::string> cmd;         // empty: null
    std::vector<std::string> entrypoint;  // empty: null
    std::string image;                    // the reference as the user gave it
    std::string working_dir;
    std::map<std::string, std::string> labels;
    std::string stop_signal;          // "" -> SIGTERM
    std::optional<int> stop_timeout;  // seconds
    std::optional<HealthcheckOptions> healthcheck;
    std::vector<std::string> exposed_ports;  // "80/tcp", sorted
    std::string mac_address;
};

struct DeviceMapping {
    std::string path_on_host, path_in_container;
    std::string cgroup_permissions = "rwm";
};

struct Ulimit {
    std::string name;
    int64_t soft = 0, hard = 0;
};

struct RestartPolicyRecord {
    std::string name = "no";
    int max_retries = 0;
};

// docker's HostConfig resources (0: not set).
struct ContainerResources {
    int64_t nano_cpus = 0, cpu_shares = 0, cpu_period = 0, cpu_quota = 0;
    std::string cpuset_cpus, cpuset_mems;
    int64_t memory = 0, memory_swap = 0, memory_reservation = 0;
    std::optional<int64_t> pids_limit;
    uint16_t blkio_weight = 0;
};

// The host half of create's result (docker's HostConfig, less what mounts and networks
// say: see ContainerRecord).
struct ContainerHostConfig {
    std::vector<std::string> binds;  // the -v values naming a host path or volume, as given
    std::vector<std::string> volumes_from;
    std::string volume_driver;
    std::string container_id_file;
    std::string log_driver = "json-file";            // or "none"
    std::map<std::string, std::string> log_options;  // max-size (bytes), max-file
    RestartPolicyRecord restart_policy;
    bool auto_remove = false;
    std::string network_mode = "bridge";              // bridge|host|none|container:<id>|<network>
    std::vector<network::PortMapping> port_bindings;  // -p as resolved at create
    bool publish_all_ports = false;
    std::vector<std::string> dns, dns_search, dns_options;
    std::vector<std::string> extra_hosts;
    bool privileged = false;
    std::vector<std::string> cap_add, cap_drop;
    std::vector<std::string> security_opt;  // a seccomp=<file> holds the file's JSON
    std::vector<DeviceMapping> devices;
    std::vector<std::string> device_cgroup_rules;
    std::vector<std::string> group_add;
    std::string userns_mode, ipc_mode, pid_mode, uts_mode, cgroupns_mode;
    std::map<std::string, std::string> sysctls;
    int oom_score_adj = 0;
    std::vector<Ulimit> ulimits;
    bool readonly_rootfs = false;
    int64_t shm_size = 64 << 20;
    std::string runtime;
    bool init = false;
    ContainerResources resources;
};

// One network the container is on, in the order it joined them (the first is the
// network mode's). The request fields are create's or connect's; the others are set
// while the container runs.
struct ContainerEndpoint {
    std::string network;  // the name it was joined by
    std::vector<std::string> aliases;
    std::string ipv4_request, ipv6_request, mac_request;
    std::string network_id, endpoint_id;
    std::string gateway, ip_address;
    int ip_prefix_len = 0;
    std::string ipv6_gateway, global_ipv6_address;
    int global_ipv6_prefix_len = 0;
    std::string mac_address;
    std::vector<std::string> dns_names;
};

// Where the container's root file system comes from.
struct RootfsSource {
    std::vector<std::string> chain_ids;  // the image's layers, base first
    std::string dir;                     // or a directory used as the lower layer (--rootfs)
};

struct ContainerRecord {
    std::string id;
    std::string name;  // without docker's leading "/"
    int64_t created_ns = 0;
    std::string image_id;  // "sha256:<config digest>"; "" for a rootfs directory
    RootfsSource rootfs;
    std::string path;               // the command run, docker's Path
    std::vector<std::string> args;  // and its arguments, docker's Args
    ContainerConfig config;
    ContainerHostConfig host;
    // -v, --mount, --tmpfs, --volumes-from and the image's VOLUMEs, resolved at create:
    // each volume has its name.
    std::vector<MountSpec> mounts;
    std::vector<ContainerEndpoint> endpoints;
    ContainerState state;
    std::string sandbox_key;                  // the pinned network namespace while running
    std::vector<network::PortMapping> ports;  // published ports as bound while running

    // The endpoint for a network name, or null.
    const ContainerEndpoint* endpoint(std::string_view network) const;
    ContainerEndpoint* endpoint(std::string_view network);
    // Whether the container shares another's network namespace (network mode container:).
    bool joins_other_network() const { return host.network_mode.starts_with("container:"); }
};

}  // namespace tug::engine
