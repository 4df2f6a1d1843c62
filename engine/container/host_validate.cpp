// Checks and records HostConfig's security and resource fields (see host_validate.hpp).
#include "engine/container/host_validate.hpp"

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/container/store.hpp"
#include "engine/security/capabilities.hpp"
#include "engine/security/devices.hpp"
#include "engine/security/rlimits.hpp"
#include "engine/security/seccomp.hpp"
#include "engine/spec/resources.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

// docker's --security-opt keys; seccomp=<file> becomes seccomp=<the file's JSON>.
std::vector<std::string> security_opts(const std::vector<std::string>& opts, bool privileged) {
    std::vector<std::string> out;
    for (const auto& opt : opts) {
        if (opt == "no-new-privileges") {
            out.push_back(opt);
            continue;
        }
        auto eq = opt.find('=');
        if (eq == std::string::npos) eq = opt.find(':');  // docker's deprecated "label:..."
        if (eq == std::string::npos)
            throw Error(Errc::InvalidArgument, "Invalid --security-opt: \"" + opt + "\"");
        const std::string key = opt.substr(0, eq), value = opt.substr(eq + 1);
        if (key == "seccomp" && value != "unconfined" && value != "builtin") {
            const auto caps = security::default_capabilities();
            if (!privileged)  // validates the file with docker's messages
                (void)security::load_seccomp_profile(value, security::SeccompTarget::host(caps));
            out.push_back("seccomp=" + json::parse(base::read_file(value)).dump());
            continue;
        }
        if (key == "no-new-privileges" && value != "true" && value != "false")
            throw Error(Errc::InvalidArgument, "invalid --security-opt 2: \"" + opt + "\"");
        if (key != "seccomp" && key != "apparmor" && key != "label" && key != "no-new-privileges" &&
            key != "systempaths" && key != "writable-cgroups")
            throw Error(Errc::InvalidArgument, "invalid --security-opt 1: \"" + opt + "\"");
        out.push_back(opt);
    }
    return out;
}

void check_mode(const std::string& what, const std::string& mode, std::initializer_list<const char*> ok,
                bool container_ok) {
    if (mode.empty()) return;
    for (const char* m : ok)
        if (mode == m) return;
    if (container_ok && mode.rfind("container:", 0) == 0 && mode.size() > 10) return;
    throw Error(Errc::InvalidArgument, "--" + what + ": invalid " + what + " mode");
}

}  // namespace

std::string resolve_namespace_mode(const EngineConfig& config, const std::string& mode) {
    if (mode.rfind("container:", 0) != 0) return mode;
    Store store(config);
    return "container:" + store.resolve(mode.substr(10));
}

void record_security(const EngineConfig& config, const ContainerHostOptions& o,
                     ContainerHostConfig& h) {
    const auto env = security::CapabilityEnv::current();
    (void)security::tweak_capabilities(security::default_capabilities(), o.cap_add, o.cap_drop,
                                       o.privileged, env);
    h.privileged = o.privileged;
    h.cap_add = o.cap_add;
    h.cap_drop = o.cap_drop;
    h.security_opt = security_opts(o.security_opt, o.privileged);

    h.devices.clear();
    for (const auto& d : o.devices) {
        const auto m = security::parse_device(d);
        json ignored = json::array();
        (void)security::oci_devices(m, ignored);  // the host device must exist now
        h.devices.push_back({m.host, m.container, m.permissions});
    }
    for (const auto& r : o.device_cgroup_rules) security::validate_device_cgroup_rule(r);
    h.device_cgroup_rules = o.device_cgroup_rules;
    h.group_add = o.group_add;

    check_mode("userns", o.userns, {"host"}, false);
    check_mode("ipc", o.ipc, {"host", "private", "shareable", "none"}, true);
    check_mode("pid", o.pid, {"host"}, true);
    check_mode("uts", o.uts, {"host"}, false);
    check_mode("cgroupns", o.cgroupns, {"host", "private"}, false);
    h.userns_mode = o.userns;
    h.ipc_mode = resolve_namespace_mode(config, o.ipc.empty() ? "private" : o.ipc);
    h.pid_mode = resolve_namespace_mode(config, o.pid);
    h.uts_mode = o.uts;
    // docker's default: a private cgroup namespace on v2, the host's on v1.
    h.cgroupns_mode = !o.cgroupns.empty()      ? o.cgroupns
                      : spec::host_cgroup_v2() ? "private"
                                               : "host";
    h.sysctls = o.sysctls;

    if (o.oom_score_adj < -1000 || o.oom_score_adj > 1000)
        throw Error(Errc::InvalidArgument, "Invalid value " + std::to_string(o.oom_score_adj) +
                                               ", range for oom score adj is [-1000, 1000]");
    h.oom_score_adj = o.oom_score_adj;
    std::vector<security::Ulimit> parsed;
    for (const auto& u : o.ulimits) parsed.push_back(security::parse_ulimit(u));
    // A limit this host cannot grant fails now (125), not at start inside runc.
    (void)security::container_rlimits(parsed, security::HostLimits::current());
    h.ulimits.clear();
    for (const auto& l : parsed)
        h.ulimits.push_back({l.name, l.soft, l.hard});
    h.readonly_rootfs = o.read_only;
    if (o.shm_size < 0) throw Error(Errc::InvalidArgument, "SHM size can not be less than 0");
    h.shm_size = o.shm_size ? o.shm_size : int64_t{67108864};
}

void record_resources(const ContainerHostOptions& o, ContainerResources& r) {
    if (o.memory && o.memory < 6 * 1024 * 1024)
        throw Error(Errc::InvalidArgument, "Minimum memory limit allowed is 6MB");
    if (o.memory_swap > 0 && !o.memory)
        throw Error(Errc::InvalidArgument,
                    "You should always set the Memory limit when using Memoryswap limit, see usage");
    if (o.memory_swap > 0 && o.memory_swap < o.memory)
        throw Error(Errc::InvalidArgument,
                    "Minimum memoryswap limit should be larger than memory limit, see usage");
    if (o.memory && o.memory_reservation > o.memory)
        throw Error(Errc::InvalidArgument,
                    "Minimum memory limit can not be less than memory reservation limit, see usage");
    if (o.nano_cpus && (o.cpu_period || o.cpu_quota))
        throw Error(Errc::InvalidArgument,
                    o.cpu_period ? "Conflicting options: Nano CPUs and CPU Period cannot both be set"
                                 : "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    if (o.cpu_period && (o.cpu_period < 1000 || o.cpu_period > 1000000))
        throw Error(Errc::InvalidArgument, "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    if (o.cpu_quota > 0 && o.cpu_quota < 1000)
        throw Error(Errc::InvalidArgument, "CPU cfs quota can not be less than 1ms (i.e. 1000)");
    if (o.blkio_weight && (o.blkio_weight < 10 || o.blkio_weight > 1000))
        throw Error(Errc::InvalidArgument, "Range of blkio weight is from 10 to 1000");
    if (o.kernel_memory)
        base::log_warning("Specifying a kernel memory limit is deprecated and will be removed in a future release.");
    r.nano_cpus = o.nano_cpus;
    r.cpu_shares = o.cpu_shares;
    r.cpu_period = o.cpu_period;
    r.cpu_quota = o.cpu_quota;
    r.cpuset_cpus = o.cpuset_cpus;
    r.cpuset_mems = o.cpuset_mems;
    r.memory = o.memory;
    r.memory_swap = o.memory_swap;
    r.memory_reservation = o.memory_reservation;
    r.pids_limit = o.pids_limit ? std::optional<int64_t>(o.pids_limit) : std::nullopt;
    r.blkio_weight = o.blkio_weight;
}

}  // namespace tug::engine::container
