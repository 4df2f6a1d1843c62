// run/create's mount, security, device and resource flags (see container_host_flags.hpp).
#include "commands/container_host_flags.hpp"

#include <cmath>
#include <cstdlib>

#include "cli/process_state.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {

namespace {

std::string flag_error(const std::string& value, const std::string& flag, const std::string& why) {
    return "invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + why;
}

// go-units RAMInBytes: a number with an optional b/k/m/g/t/p unit (binary multiples).
int64_t ram_in_bytes(const std::string& value, const std::string& flag) {
    const std::string bad = flag_error(value, flag, "invalid size: '" + value + "'");
    size_t i = 0;
    while (i < value.size() && (std::isdigit(static_cast<unsigned char>(value[i])) || value[i] == '.')) ++i;
    if (i == 0) throw Error(Errc::InvalidArgument, bad);
    double n = std::strtod(value.substr(0, i).c_str(), nullptr);
    std::string unit;
    for (char c : value.substr(i)) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (unit.size() == 2 && (unit[1] == 'b' || unit[1] == 'i')) unit.pop_back();
    static const std::map<std::string, double> mult = {
        {"", 1}, {"b", 1}, {"k", 1024.0}, {"m", 1024.0 * 1024}, {"g", 1024.0 * 1024 * 1024},
        {"t", 1024.0 * 1024 * 1024 * 1024}, {"p", 1024.0 * 1024 * 1024 * 1024 * 1024}};
    auto it = mult.find(unit);
    if (it == mult.end()) throw Error(Errc::InvalidArgument, bad);
    return static_cast<int64_t>(n * it->second);
}

// --memory-swap also takes -1 (unlimited).
int64_t swap_bytes(const std::string& value) {
    if (value == "-1") return -1;
    return ram_in_bytes(value, "--memory-swap");
}

// docker's NanoCPUs: a decimal number of CPUs.
int64_t nano_cpus(const std::string& value) {
    char* end = nullptr;
    double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || v < 0)
        throw Error(Errc::InvalidArgument,
                    flag_error(value, "--cpus", "failed to parse " + value + " as a rational number"));
    return static_cast<int64_t>(std::llround(v * 1e9));
}

}  // namespace

void add_resource_flags(CLI::App& app, ResourceFlags& f) {
    app.add_option("--cpus", f.cpus, "Number of CPUs");
    app.add_option("-c,--cpu-shares", f.cpu_shares, "CPU shares (relative weight)");
    app.add_option("--cpu-period", f.cpu_period, "Limit CPU CFS (Completely Fair Scheduler) period");
    app.add_option("--cpu-quota", f.cpu_quota, "Limit CPU CFS (Completely Fair Scheduler) quota");
    app.add_option("--cpuset-cpus", f.cpuset_cpus, "CPUs in which to allow execution (0-3, 0,1)");
    app.add_option("--cpuset-mems", f.cpuset_mems, "MEMs in which to allow execution (0-3, 0,1)");
    app.add_option("-m,--memory", f.memory, "Memory limit");
    app.add_option("--memory-swap", f.memory_swap,
                   "Swap limit equal to memory plus swap: '-1' to enable unlimited swap");
    app.add_option("--memory-reservation", f.memory_reservation, "Memory soft limit");
    app.add_option("--kernel-memory", f.kernel_memory, "Kernel memory limit");
    app.add_option("--pids-limit", f.pids_limit, "Tune container pids limit (set -1 for unlimited)");
    app.add_option("--blkio-weight", f.blkio_weight,
                   "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)");
}

void add_host_flags(CLI::App& app, HostFlags& f) {
    app.add_option("-v,--volume", f.volumes, "Bind mount a volume")->allow_extra_args(false);
    app.add_option("--mount", f.mounts, "Attach a filesystem mount to the container")->allow_extra_args(false);
    app.add_option("--tmpfs", f.tmpfs, "Mount a tmpfs directory")->allow_extra_args(false);
    app.add_option("--volumes-from", f.volumes_from, "Mount volumes from the specified container(s)")
        ->allow_extra_args(false);
    app.add_option("--volume-driver", f.volume_driver, "Optional volume driver for the container");
    app.add_flag("--read-only", f.read_only, "Mount the container's root filesystem as read only");
    app.add_option("--shm-size", f.shm_size, "Size of /dev/shm");
    app.add_flag("--privileged", f.privileged, "Give extended privileges to this container");
    app.add_option("--cap-add", f.cap_add, "Add Linux capabilities")->allow_extra_args(false);
    app.add_option("--cap-drop", f.cap_drop, "Drop Linux capabilities")->allow_extra_args(false);
    app.add_option("--security-opt", f.security_opt, "Security Options")->allow_extra_args(false);
    app.add_option("--device", f.devices, "Add a host device to the container")->allow_extra_args(false);
    app.add_option("--device-cgroup-rule", f.device_cgroup_rules,
                   "Add a rule to the cgroup allowed devices list")->allow_extra_args(false);
    app.add_option("--group-add", f.group_add, "Add additional groups to join")->allow_extra_args(false);
    app.add_option("--userns", f.userns, "User namespace to use");
    app.add_option("--ipc", f.ipc, "IPC mode to use");
    app.add_option("--pid", f.pid, "PID namespace to use");
    app.add_option("--uts", f.uts, "UTS namespace to use");
    app.add_option("--cgroupns", f.cgroupns,
                   "Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker "
                   "host's cgroup namespace\n'private': Run the container in its own private cgroup "
                   "namespace\n'':        Use the cgroup namespace as configured by the\n           "
                   "default-cgroupns-mode option on the daemon (default)");
    app.add_option("--sysctl", f.sysctls, "Sysctl options")->allow_extra_args(false);
    app.add_option("--oom-score-adj", f.oom_score_adj, "Tune host's OOM preferences (-1000 to 1000)");
    app.add_option("--ulimit", f.ulimits, "Ulimit options")->allow_extra_args(false);
    add_resource_flags(app, f.res);
}

void apply_resource_flags(const ResourceFlags& f, engine::ContainerHostOptions& o) {
    if (!f.cpus.empty()) o.nano_cpus = nano_cpus(f.cpus);
    o.cpu_shares = f.cpu_shares;
    o.cpu_period = f.cpu_period;
    o.cpu_quota = f.cpu_quota;
    o.cpuset_cpus = f.cpuset_cpus;
    o.cpuset_mems = f.cpuset_mems;
    if (!f.memory.empty()) o.memory = ram_in_bytes(f.memory, "-m, --memory");
    if (!f.memory_swap.empty()) o.memory_swap = swap_bytes(f.memory_swap);
    if (!f.memory_reservation.empty())
        o.memory_reservation = ram_in_bytes(f.memory_reservation, "--memory-reservation");
    if (!f.kernel_memory.empty()) o.kernel_memory = ram_in_bytes(f.kernel_memory, "--kernel-memory");
    o.pids_limit = f.pids_limit;
    o.blkio_weight = f.blkio_weight;
}

engine::ContainerHostOptions to_host_options(const HostFlags& f) {
    engine::ContainerHostOptions o;
    o.volumes = f.volumes;
    o.mounts = f.mounts;
    o.tmpfs = f.tmpfs;
    o.volumes_from = f.volumes_from;
    o.volume_driver = f.volume_driver;
    // For "./x" bind sources; a working directory that is gone leaves them to be refused.
    try {
        o.working_dir = cli::working_dir();
    } catch (const Error&) {
    }
    o.read_only = f.read_only;
    if (!f.shm_size.empty()) o.shm_size = ram_in_bytes(f.shm_size, "--shm-size");
    o.privileged = f.privileged;
    o.cap_add = f.cap_add;
    o.cap_drop = f.cap_drop;
    o.security_opt = f.security_opt;
    o.devices = f.devices;
    o.device_cgroup_rules = f.device_cgroup_rules;
    o.group_add = f.group_add;
    o.userns = f.userns;
    o.ipc = f.ipc;
    o.pid = f.pid;
    o.uts = f.uts;
    o.cgroupns = f.cgroupns;
    for (const auto& s : f.sysctls) {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Error(Errc::InvalidArgument, flag_error(s, "--sysctl", "invalid argument"));
        o.sysctls[s.substr(0, eq)] = s.substr(eq + 1);
    }
    o.oom_score_adj = f.oom_score_adj;
    o.ulimits = f.ulimits;
    apply_resource_flags(f.res, o);
    return o;
}

}  // namespace tug::commands
