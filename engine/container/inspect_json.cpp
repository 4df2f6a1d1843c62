// Renders docker's container inspect object from the typed record (see inspect_json.hpp).
#include "engine/container/inspect_json.hpp"

#include "engine/container/store.hpp"
#include "engine/health/config.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/volume/mount_spec.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

json list_or_null(const std::vector<std::string>& v) {
    return v.empty() ? json(nullptr) : json(v);
}

// docker's time format; never set is Go's zero time.
std::string time_text(int64_t ns) {
    return logs::format_rfc3339nano(ns == 0 ? logs::Clock::time_point{} : logs::from_ns(ns));
}

std::string port_key(const network::PortMapping& m) {
    return std::to_string(m.container_port) + "/" + m.protocol;
}

json state_json(const ContainerState& s, const std::vector<HealthResult>& log) {
    json j = {{"Status", container_status_name(s.status)},
              {"Running", s.running()},
              {"Paused", s.paused()},
              {"Restarting", s.restarting()},
              {"OOMKilled", s.oom_killed},
              {"Dead", s.dead},
              {"Pid", s.pid},
              {"ExitCode", s.exit_code},
              {"Error", s.error},
              {"StartedAt", time_text(s.started_ns)},
              {"FinishedAt", time_text(s.finished_ns)}};
    if (s.health) {
        json entries = json::array();
        for (const auto& r : log)
            entries.push_back({{"Start", time_text(r.start_ns)},
                               {"End", time_text(r.end_ns)},
                               {"ExitCode", r.exit_code},
                               {"Output", r.output}});
        j["Health"] = {{"Status", s.health->status},
                       {"FailingStreak", s.health->failing_streak},
                       {"Log", entries}};
    }
    return j;
}

json config_json(const ContainerRecord& rec) {
    const ContainerConfig& c = rec.config;
    json volumes = json::object();
    for (const auto& m : rec.mounts)
        if (m.anonymous && m.origin != MountSpec::Origin::VolumesFrom)
            volumes[m.destination] = json::object();
    json j = {{"Hostname", c.hostname},
              {"Domainname", c.domainname},
              {"User", c.user},
              {"AttachStdin", c.attach_stdin},
              {"AttachStdout", c.attach_stdout},
              {"AttachStderr", c.attach_stderr},
              {"Tty", c.tty},
              {"OpenStdin", c.open_stdin},
              {"StdinOnce", c.stdin_once},
              {"Env", c.env},
              {"Cmd", list_or_null(c.cmd)},
              {"Image", c.image},
              {"Volumes", volumes.empty() ? json(nullptr) : volumes},
              {"WorkingDir", c.working_dir},
              {"Entrypoint", list_or_null(c.entrypoint)},
              {"OnBuild", nullptr},
              {"Labels", c.labels}};
    if (!c.stop_signal.empty()) j["StopSignal"] = c.stop_signal;
    if (c.stop_timeout) j["StopTimeout"] = *c.stop_timeout;
    if (c.healthcheck) j["Healthcheck"] = health::to_json(*c.healthcheck);
    if (!c.exposed_ports.empty()) {
        json exposed = json::object();
        for (const auto& p : c.exposed_ports)
            exposed[p] = json::object();
        j["ExposedPorts"] = exposed;
    }
    if (!c.mac_address.empty()) j["MacAddress"] = c.mac_address;
    return j;
}

// docker's HostConfig.Mounts entry of a --mount.
json mount_entry(const MountSpec& s) {
    json m{{"Type", volume::mount_type_name(s.type)}, {"Target", s.destination}};
    if (!s.source.empty()) m["Source"] = s.source;
    if (s.read_only) m["ReadOnly"] = true;
    if (s.type == MountType::Bind && !s.propagation.empty())
        m["BindOptions"] = {{"Propagation", s.propagation}};
    if (s.type == MountType::Volume && (!s.copy_data || !s.volume_labels.empty()))
        m["VolumeOptions"] = {{"NoCopy", !s.copy_data}, {"Labels", s.volume_labels}};
    if (s.type == MountType::Tmpfs && (s.tmpfs_size || s.tmpfs_mode)) {
        json t = json::object();
        if (s.tmpfs_size) t["SizeBytes"] = s.tmpfs_size;
        if (s.tmpfs_mode) t["Mode"] = s.tmpfs_mode;
        m["TmpfsOptions"] = t;
    }
    return m;
}

json host_config_json(const ContainerRecord& rec) {
    const ContainerHostConfig& h = rec.host;
    json bindings = json::object();
    for (const auto& m : h.port_bindings) {
        std::string host_port = m.host_port ? std::to_string(m.host_port) : "";
        if (m.host_port_end) host_port += "-" + std::to_string(m.host_port_end);
        bindings[port_key(m)].push_back({{"HostIp", m.host_ip}, {"HostPort", host_port}});
    }
    json mounts = json::array(), tmpfs = json::object();
    for (const auto& m : rec.mounts) {
        if (m.origin == MountSpec::Origin::MountFlag) mounts.push_back(mount_entry(m));
        if (m.origin == MountSpec::Origin::TmpfsFlag) tmpfs[m.destination] = m.tmpfs_data;
    }
    json devices = json::array();
    for (const auto& d : h.devices)
        devices.push_back({{"PathOnHost", d.path_on_host},
                           {"PathInContainer", d.path_in_container},
                           {"CgroupPermissions", d.cgroup_permissions}});
    json ulimits = json::array();
    for (const auto& u : h.ulimits)
        ulimits.push_back({{"Name", u.name}, {"Hard", u.hard}, {"Soft", u.soft}});
    const ContainerResources& r = h.resources;
    json j = {
        {"Binds", list_or_null(h.binds)},
        {"ContainerIDFile", h.container_id_file},
        {"LogConfig", {{"Type", h.log_driver}, {"Config", h.log_options}}},
        {"NetworkMode", h.network_mode},
        {"PortBindings", bindings},
        {"RestartPolicy",
         {{"Name", h.restart_policy.name}, {"MaximumRetryCount", h.restart_policy.max_retries}}},
        {"AutoRemove", h.auto_remove},
        {"VolumeDriver", h.volume_driver},
        {"VolumesFrom", list_or_null(h.volumes_from)},
        {"Mounts", mounts},
        {"Tmpfs", tmpfs.empty() ? json(nullptr) : tmpfs},
        {"CapAdd", list_or_null(h.cap_add)},
        {"CapDrop", list_or_null(h.cap_drop)},
        {"Dns", h.dns},
        {"DnsSearch", h.dns_search},
        {"DnsOptions", h.dns_options},
        {"ExtraHosts", list_or_null(h.extra_hosts)},
        {"GroupAdd", list_or_null(h.group_add)},
        {"IpcMode", h.ipc_mode},
        {"PidMode", h.pid_mode},
        {"UTSMode", h.uts_mode},
        {"UsernsMode", h.userns_mode},
        {"CgroupnsMode", h.cgroupns_mode},
        {"Privileged", h.privileged},
        {"PublishAllPorts", h.publish_all_ports},
        {"ReadonlyRootfs", h.readonly_rootfs},
        {"SecurityOpt", list_or_null(h.security_opt)},
        {"Sysctls", h.sysctls.empty() ? json(nullptr) : json(h.sysctls)},
        {"OomScoreAdj", h.oom_score_adj},
        {"ShmSize", h.shm_size},
        {"Runtime", h.runtime},
        {"Devices", devices},
        {"DeviceCgroupRules", list_or_null(h.device_cgroup_rules)},
        {"Ulimits", ulimits.empty() ? json(nullptr) : ulimits},
        {"NanoCpus", r.nano_cpus},
        {"CpuShares", r.cpu_shares},
        {"CpuPeriod", r.cpu_period},
        {"CpuQuota", r.cpu_quota},
        {"CpusetCpus", r.cpuset_cpus},
        {"CpusetMems", r.cpuset_mems},
        {"Memory", r.memory},
        {"MemorySwap", r.memory_swap},
        {"MemoryReservation", r.memory_reservation},
        {"KernelMemory", 0},
        {"PidsLimit", r.pids_limit ? json(*r.pids_limit) : json(nullptr)},
        {"BlkioWeight", r.blkio_weight}};
    if (h.init) j["Init"] = true;
    return j;
}

json endpoint_json(const ContainerEndpoint& e) {
    json ipam = nullptr;
    if (!e.ipv4_request.empty() || !e.ipv6_request.empty())
        ipam = {{"IPv4Address", e.ipv4_request}, {"IPv6Address", e.ipv6_request}};
    return {{"IPAMConfig", ipam},
            {"Links", nullptr},
            {"Aliases", list_or_null(e.aliases)},
            {"MacAddress", e.mac_address.empty() ? e.mac_request : e.mac_address},
            {"NetworkID", e.network_id},
            {"EndpointID", e.endpoint_id},
            {"Gateway", e.gateway},
            {"IPAddress", e.ip_address},
            {"IPPrefixLen", e.ip_prefix_len},
            {"IPv6Gateway", e.ipv6_gateway},
            {"GlobalIPv6Address", e.global_ipv6_address},
            {"GlobalIPv6PrefixLen", e.global_ipv6_prefix_len},
            {"DNSNames", list_or_null(e.dns_names)}};
}

json network_settings_json(const ContainerRecord& rec) {
    json networks = json::object();
    for (const auto& e : rec.endpoints)
        networks[e.network] = endpoint_json(e);
    // docker fills the top-level fields from the default bridge only.
    ContainerEndpoint bridge;
    if (const auto* e = rec.endpoint("bridge")) bridge = *e;
    return {{"Bridge", ""},
            {"SandboxID", rec.sandbox_key.empty() ? "" : rec.id},
            {"SandboxKey", rec.sandbox_key},
            {"Ports", ports_json(rec)},
            {"IPAddress", bridge.ip_address},
            {"IPPrefixLen", bridge.ip_prefix_len},
            {"Gateway", bridge.gateway},
            {"MacAddress", bridge.mac_address},
            {"GlobalIPv6Address", bridge.global_ipv6_address},
            {"GlobalIPv6PrefixLen", bridge.global_ipv6_prefix_len},
            {"IPv6Gateway", bridge.ipv6_gateway},
            {"EndpointID", bridge.endpoint_id},
            {"Networks", networks}};
}

}  // namespace

json ports_json(const ContainerRecord& rec) {
    json out = json::object();
    // Only while the container has its network: docker shows {} for a stopped one.
    if (rec.sandbox_key.empty()) return out;
    for (const auto& p : rec.config.exposed_ports)
        out[p] = nullptr;
    for (const auto& m : rec.ports)
        out[port_key(m)].push_back({{"HostIp", m.host_ip.empty() ? "0.0.0.0" : m.host_ip},
                                    {"HostPort", std::to_string(m.host_port)}});
    return out;
}

json inspect_json(const EngineConfig& config, const ContainerRecord& rec,
                  const std::vector<HealthResult>& health_log) {
    const Paths paths = paths_for(config, rec.id);
    const EtcPaths etc = etc_paths(config, rec);
    json mounts = json::array();
    for (const auto& m : rec.mounts) {
        const std::string host_path =
            m.type == MountType::Volume ? volume::volume_data_dir(config, m.source) : m.source;
        if (auto mp = volume::record_mount_point(m, host_path)) mounts.push_back(*mp);
    }
    return {{"Id", rec.id},
            {"Created", time_text(rec.created_ns)},
            {"Path", rec.path},
            {"Args", rec.args},
            {"State", state_json(rec.state, health_log)},
            {"Image", rec.image_id},
            {"ResolvConfPath", etc.resolv_conf},
            {"HostnamePath", etc.hostname},
            {"HostsPath", etc.hosts},
            {"LogPath", rec.host.log_driver == "json-file" ? paths.log : ""},
            {"Name", "/" + rec.name},
            {"RestartCount", rec.state.restart_count},
            {"Driver", "overlayfs"},
            {"Platform", "linux"},
            {"MountLabel", ""},
            {"ProcessLabel", ""},
            {"AppArmorProfile", ""},
            {"ExecIDs", nullptr},
            {"HostConfig", host_config_json(rec)},
            {"Mounts", mounts},
            {"Config", config_json(rec)},
            {"NetworkSettings", network_settings_json(rec)}};
}

}  // namespace tug::engine::container
