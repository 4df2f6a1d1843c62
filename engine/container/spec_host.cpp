// Applies the recorded host-shaping options to the spec (see spec_host.hpp).
#include "engine/container/spec_host.hpp"

#include <algorithm>

#include "engine/base/error.hpp"
#include "engine/security/apparmor.hpp"
#include "engine/security/capabilities.hpp"
#include "engine/security/devices.hpp"
#include "engine/security/rlimits.hpp"
#include "engine/security/seccomp.hpp"
#include "engine/spec/resources.hpp"
#include "engine/spec/user.hpp"
#include "engine/volume/attach.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

// The value of --security-opt key=value, nullopt when not given.
std::optional<std::string> security_opt(const ContainerHostConfig& hc, const std::string& key) {
    std::optional<std::string> out;
    for (const auto& s : hc.security_opt) {
        if (s == key) out = "true";  // "no-new-privileges"
        else if (s.rfind(key + "=", 0) == 0 || s.rfind(key + ":", 0) == 0) out = s.substr(key.size() + 1);
    }
    return out;
}

void apply_mounts(const EngineConfig& config, const ContainerRecord& rec, const Paths& paths,
                  json& spec) {
    std::vector<MountSpec> specs = rec.mounts;
    if (specs.empty()) return;
    auto prepared = volume::prepare_mounts(config, specs, rec.id, paths.rootfs);
    // A user mount replaces docker's own mount at the same place (/dev/shm, /etc/hosts...).
    auto& mounts = spec["mounts"];
    for (const auto& m : prepared.oci_mounts) {
        const std::string dst = m.value("destination", std::string());
        mounts.erase(std::remove_if(mounts.begin(), mounts.end(),
                                    [&](const json& d) { return d.value("destination", std::string()) == dst; }),
                     mounts.end());
    }
    for (const auto& m : prepared.oci_mounts) mounts.push_back(m);
    if (!prepared.rootfs_propagation.empty())
        spec["linux"]["rootfsPropagation"] = prepared.rootfs_propagation;
}

json* find_mount(json& spec, const std::string& dst) {
    for (auto& m : spec["mounts"])
        if (m.value("destination", std::string()) == dst) return &m;
    return nullptr;
}

void drop_option(json* mount, const std::string& opt) {
    if (!mount) return;
    auto& o = (*mount)["options"];
    o.erase(std::remove(o.begin(), o.end(), opt), o.end());
}

void apply_security(const EngineConfig& config, const ContainerHostConfig& hc, bool privileged, json& spec) {
    const auto env = security::CapabilityEnv::current();
    const auto caps = security::tweak_capabilities(security::default_capabilities(), hc.cap_add,
                                                   hc.cap_drop, privileged, env);
    const auto sets = security::capability_sets(caps);
    spec["process"]["capabilities"] = {
        {"bounding", sets.bounding}, {"effective", sets.effective}, {"permitted", sets.permitted}};

    auto seccomp_opt = security_opt(hc, "seccomp");
    const auto target = security::SeccompTarget::host(sets.bounding);
    std::optional<json> seccomp;
    if (seccomp_opt && !seccomp_opt->empty() && (*seccomp_opt)[0] == '{') {
        // create stored the profile file's JSON, as docker's CLI sends it.
        if (!privileged) seccomp = security::convert_seccomp_profile(json::parse(*seccomp_opt), target);
    } else {
        seccomp = security::seccomp_for_container(seccomp_opt, privileged, target);
    }
    if (seccomp) spec["linux"]["seccomp"] = *seccomp;
    else spec["linux"].erase("seccomp");

    if (auto nnp = security_opt(hc, "no-new-privileges")) spec["process"]["noNewPrivileges"] = *nnp == "true";
    const std::string profile = security::apparmor_profile_for_container(
        security_opt(hc, "apparmor").value_or(""), privileged, config.children);
    if (!profile.empty()) spec["process"]["apparmorProfile"] = profile;
}

void apply_privileged(const ContainerHostConfig& hc, bool privileged, json& spec) {
    auto& linux = spec["linux"];
    if (privileged || security_opt(hc, "systempaths") == "unconfined") {
        linux["maskedPaths"] = json::array();
        linux["readonlyPaths"] = json::array();
    }
    if (privileged || security_opt(hc, "writable-cgroups") == "true") drop_option(find_mount(spec, "/sys/fs/cgroup"), "ro");
    if (!privileged) return;
    drop_option(find_mount(spec, "/sys"), "ro");
    linux["devices"] = security::host_devices();
    linux["resources"]["devices"] = json::array({{{"allow", true}, {"access", "rwm"}}});
}

void apply_devices(const ContainerHostConfig& hc, bool privileged, json& spec) {
    if (privileged) return;
    auto& linux = spec["linux"];
    if (!linux.contains("devices")) linux["devices"] = json::array();
    auto& rules = linux["resources"]["devices"];
    for (const auto& d : hc.devices) {
        security::DeviceMapping m{d.path_on_host, d.path_in_container, d.cgroup_permissions};
        for (auto& dev : security::oci_devices(m, rules))
            linux["devices"].push_back(dev);
    }
    for (const auto& r : hc.device_cgroup_rules)
        rules.push_back(security::device_cgroup_rule(r));
}

// The process's /proc/<pid>/ns path of another (running) container, for container:<id>.
std::string container_ns_path(const EngineConfig& config, const std::string& mode, const char* ns) {
    const std::string id = mode.substr(10);
    Store store(config);
    const ContainerRecord other = store.get(store.resolve(id));
    const int pid = other.state.pid;
    if (!other.state.has_process() || pid <= 0)
        throw Error(Errc::Conflict, "cannot join " + std::string(ns) + " namespace of a non running container: " + id);
    return "/proc/" + std::to_string(pid) + "/ns/" + ns;
}

void apply_namespaces(const EngineConfig& config, const ContainerHostConfig& hc, json& spec) {
    auto& nss = spec["linux"]["namespaces"];
    auto set_ns = [&](const char* type, const std::string& mode) {
        if (mode.empty() || mode == "private" || mode == "shareable" || mode == "none") return;
        for (auto it = nss.begin(); it != nss.end(); ++it)
            if ((*it)["type"] == type) {
                if (mode == "host") nss.erase(it);
                else (*it)["path"] = container_ns_path(config, mode, type);
                return;
            }
    };
    set_ns("ipc", hc.ipc_mode);
    set_ns("pid", hc.pid_mode);
    set_ns("uts", hc.uts_mode);
    // runc cannot set a hostname in the host's UTS namespace; the container sees the host's.
    if (hc.uts_mode == "host") spec.erase("hostname");
    if (hc.cgroupns_mode == "private") nss.push_back({{"type", "cgroup"}});
    const std::string& ipc = hc.ipc_mode;
    if (ipc == "host") {
        if (auto* shm = find_mount(spec, "/dev/shm"))
            *shm = {{"destination", "/dev/shm"}, {"type", "bind"}, {"source", "/dev/shm"},
                    {"options", {"rbind", "rprivate"}}};
    } else if (ipc == "none") {
        auto& m = spec["mounts"];
        m.erase(std::remove_if(m.begin(), m.end(), [](const json& x) { return x["destination"] == "/dev/shm"; }),
                m.end());
    }
}

// --group-add: numbers as they are, names from the container's /etc/group.
void apply_groups(const ContainerHostConfig& hc, const Paths& paths, json& spec) {
    const auto& groups = hc.group_add;
    if (groups.empty()) return;
    auto& gids = spec["process"]["user"]["additionalGids"];
    for (uint32_t gid : spec::resolve_groups_in_rootfs(paths.rootfs, groups))
        gids.push_back(gid);
}

}  // namespace

void apply_host_spec(const EngineConfig& config, const ContainerRecord& rec, const Paths& paths,
                     json& spec) {
    const ContainerHostConfig& hc = rec.host;
    apply_security(config, hc, hc.privileged, spec);
    apply_privileged(hc, hc.privileged, spec);
    apply_devices(hc, hc.privileged, spec);
    apply_namespaces(config, hc, spec);
    apply_groups(hc, paths, spec);
    apply_init(rec, spec);

    std::vector<security::Ulimit> ulimits;
    for (const auto& u : hc.ulimits)
        ulimits.push_back({u.name, u.soft, u.hard});
    spec["process"]["rlimits"] = security::container_rlimits(ulimits, security::HostLimits::current());
    if (!hc.sysctls.empty()) spec["linux"]["sysctl"] = hc.sysctls;
    if (hc.oom_score_adj != 0) spec["process"]["oomScoreAdj"] = hc.oom_score_adj;
    spec["root"]["readonly"] = hc.readonly_rootfs;
    if (auto* shm = find_mount(spec, "/dev/shm"); shm && (*shm)["type"] == "tmpfs") {
        drop_option(shm, "size=67108864");
        (*shm)["options"].push_back("size=" + std::to_string(hc.shm_size));
    }
    // Held in a local: iterating items() of the temporary would read a destroyed object.
    const json resources = spec::linux_resources(hc.resources, spec::host_swap_accounting());
    for (const auto& [k, v] : resources.items()) spec["linux"]["resources"][k] = v;
    // Last: it takes volume references, which nothing after it may leave behind.
    apply_mounts(config, rec, paths, spec);
}

}  // namespace tug::engine::container
