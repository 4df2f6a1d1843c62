// Reads a container record of the format before typed records: docker's inspect JSON
// with a private "_tug" object (networks, mounts, rootfs and stop flags). Used once per
// store, by the upgrade in store.cpp; nothing writes this format any more.
#include "engine/container/record_legacy.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/logs/timestamp.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

const json& member(const json& j, const char* key) {
    static const json null;
    if (!j.is_object()) return null;
    auto it = j.find(key);
    return it == j.end() ? null : *it;
}

std::string text(const json& j, const char* key, const std::string& fallback = "") {
    const json& v = member(j, key);
    return v.is_string() ? v.get<std::string>() : fallback;
}

template <typename I>
I number(const json& j, const char* key, I fallback = 0) {
    const json& v = member(j, key);
    return v.is_number() ? v.get<I>() : fallback;
}

bool flag(const json& j, const char* key, bool fallback = false) {
    const json& v = member(j, key);
    return v.is_boolean() ? v.get<bool>() : fallback;
}

std::vector<std::string> texts(const json& j, const char* key) {
    std::vector<std::string> out;
    const json& v = member(j, key);
    if (v.is_array())
        for (const auto& e : v)
            if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
}

std::map<std::string, std::string> text_map(const json& j, const char* key) {
    std::map<std::string, std::string> out;
    const json& v = member(j, key);
    if (v.is_object())
        for (const auto& [k, e] : v.items())
            if (e.is_string()) out[k] = e.get<std::string>();
    return out;
}

// RFC 3339 -> ns; docker's zero time and anything unreadable -> 0 (never).
int64_t time_ns(const json& j, const char* key) {
    const auto ns = logs::parse_rfc3339_ns(text(j, key));
    return ns && *ns > 0 ? *ns : 0;
}

HealthcheckOptions healthcheck_of(const json& hc) {
    HealthcheckOptions h;
    h.test = texts(hc, "Test");
    h.interval_ns = number<int64_t>(hc, "Interval");
    h.timeout_ns = number<int64_t>(hc, "Timeout");
    h.start_period_ns = number<int64_t>(hc, "StartPeriod");
    h.start_interval_ns = number<int64_t>(hc, "StartInterval");
    h.retries = number<int>(hc, "Retries");
    return h;
}

ContainerState state_of(const json& s, int restart_count, const json& tug) {
    ContainerState st;
    st.status =
        container_status_of(text(s, "Status", "created")).value_or(ContainerStatus::Created);
    st.oom_killed = flag(s, "OOMKilled");
    st.dead = flag(s, "Dead");
    st.pid = number<int>(s, "Pid");
    st.exit_code = number<int>(s, "ExitCode");
    st.error = text(s, "Error");
    st.started_ns = time_ns(s, "StartedAt");
    st.finished_ns = time_ns(s, "FinishedAt");
    if (const json& h = member(s, "Health"); h.is_object())
        st.health = HealthState{text(h, "Status", "starting"), number<int>(h, "FailingStreak")};
    st.restart_count = restart_count;
    st.stop_requested = flag(tug, "stop_requested");
    st.manual_restart = flag(tug, "manual_restart");
    return st;
}

ContainerConfig config_of(const json& c) {
    ContainerConfig cfg;
    cfg.hostname = text(c, "Hostname");
    cfg.domainname = text(c, "Domainname");
    cfg.user = text(c, "User");
    cfg.attach_stdin = flag(c, "AttachStdin");
    cfg.attach_stdout = flag(c, "AttachStdout", true);
    cfg.attach_stderr = flag(c, "AttachStderr", true);
    cfg.tty = flag(c, "Tty");
    cfg.open_stdin = flag(c, "OpenStdin");
    cfg.stdin_once = flag(c, "StdinOnce");
    cfg.env = texts(c, "Env");
    cfg.cmd = texts(c, "Cmd");
    cfg.entrypoint = texts(c, "Entrypoint");
    cfg.image = text(c, "Image");
    cfg.working_dir = text(c, "WorkingDir");
    cfg.labels = text_map(c, "Labels");
    cfg.stop_signal = text(c, "StopSignal");
    if (member(c, "StopTimeout").is_number()) cfg.stop_timeout = number<int>(c, "StopTimeout");
    if (const json& hc = member(c, "Healthcheck"); hc.is_object())
        cfg.healthcheck = healthcheck_of(hc);
    if (const json& e = member(c, "ExposedPorts"); e.is_object())
        for (const auto& [k, _] : e.items())
            cfg.exposed_ports.push_back(k);
    cfg.mac_address = text(c, "MacAddress");
    return cfg;
}

network::PortMapping mapping_of(const json& j) {
    network::PortMapping m;
    m.host_ip = text(j, "host_ip");
    m.host_port = number<uint16_t>(j, "host_port");
    m.host_port_end = number<uint16_t>(j, "host_port_end");
    m.container_port = number<uint16_t>(j, "container_port");
    m.protocol = text(j, "protocol", "tcp");
    return m;
}

// NetworkSettings.Ports: {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": null}.
std::vector<network::PortMapping> bound_ports(const json& ports) {
    std::vector<network::PortMapping> out;
    if (!ports.is_object()) return out;
    for (const auto& [key, list] : ports.items()) {
        if (!list.is_array()) continue;
        const auto slash = key.find('/');
        for (const auto& b : list) {
            network::PortMapping m;
            m.container_port = static_cast<uint16_t>(std::atoi(key.c_str()));
            m.protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
            m.host_ip = text(b, "HostIp");
            if (m.host_ip == "0.0.0.0") m.host_ip.clear();
            m.host_port = static_cast<uint16_t>(std::atoi(text(b, "HostPort", "0").c_str()));
            out.push_back(m);
        }
    }
    return out;
}

ContainerResources resources_of(const json& hc) {
    ContainerResources r;
    r.nano_cpus = number<int64_t>(hc, "NanoCpus");
    r.cpu_shares = number<int64_t>(hc, "CpuShares");
    r.cpu_period = number<int64_t>(hc, "CpuPeriod");
    r.cpu_quota = number<int64_t>(hc, "CpuQuota");
    r.cpuset_cpus = text(hc, "CpusetCpus");
    r.cpuset_mems = text(hc, "CpusetMems");
    r.memory = number<int64_t>(hc, "Memory");
    r.memory_swap = number<int64_t>(hc, "MemorySwap");
    r.memory_reservation = number<int64_t>(hc, "MemoryReservation");
    if (member(hc, "PidsLimit").is_number()) r.pids_limit = number<int64_t>(hc, "PidsLimit");
    r.blkio_weight = number<uint16_t>(hc, "BlkioWeight");
    return r;
}

ContainerHostConfig host_of(const json& hc, const json& net) {
    ContainerHostConfig h;
    h.binds = texts(hc, "Binds");
    h.volumes_from = texts(hc, "VolumesFrom");
    h.volume_driver = text(hc, "VolumeDriver");
    h.container_id_file = text(hc, "ContainerIDFile");
    const json& lc = member(hc, "LogConfig");
    h.log_driver = text(lc, "Type", "json-file");
    h.log_options = text_map(lc, "Config");
    const json& rp = member(hc, "RestartPolicy");
    h.restart_policy = {text(rp, "Name", "no"), number<int>(rp, "MaximumRetryCount")};
    if (h.restart_policy.name.empty()) h.restart_policy.name = "no";
    h.auto_remove = flag(hc, "AutoRemove");
    h.network_mode = text(hc, "NetworkMode", "bridge");
    // The requested -p mappings were kept in _tug.net.ports (HostConfig.PortBindings is
    // the same list in docker's shape).
    if (const json& ports = member(net, "ports"); ports.is_array())
        for (const auto& p : ports)
            h.port_bindings.push_back(mapping_of(p));
    h.publish_all_ports = flag(hc, "PublishAllPorts");
    h.dns = texts(hc, "Dns");
    h.dns_search = texts(hc, "DnsSearch");
    h.dns_options = texts(hc, "DnsOptions");
    h.extra_hosts = texts(hc, "ExtraHosts");
    h.privileged = flag(hc, "Privileged");
    h.cap_add = texts(hc, "CapAdd");
    h.cap_drop = texts(hc, "CapDrop");
    h.security_opt = texts(hc, "SecurityOpt");
    if (const json& devs = member(hc, "Devices"); devs.is_array())
        for (const auto& d : devs)
            h.devices.push_back({text(d, "PathOnHost"), text(d, "PathInContainer"),
                                 text(d, "CgroupPermissions", "rwm")});
    h.device_cgroup_rules = texts(hc, "DeviceCgroupRules");
    h.group_add = texts(hc, "GroupAdd");
    h.userns_mode = text(hc, "UsernsMode");
    h.ipc_mode = text(hc, "IpcMode");
    h.pid_mode = text(hc, "PidMode");
    h.uts_mode = text(hc, "UTSMode");
    h.cgroupns_mode = text(hc, "CgroupnsMode");
    h.sysctls = text_map(hc, "Sysctls");
    h.oom_score_adj = number<int>(hc, "OomScoreAdj");
    if (const json& ul = member(hc, "Ulimits"); ul.is_array())
        for (const auto& u : ul)
            h.ulimits.push_back(
                {text(u, "Name"), number<int64_t>(u, "Soft"), number<int64_t>(u, "Hard")});
    h.readonly_rootfs = flag(hc, "ReadonlyRootfs");
    h.shm_size = number<int64_t>(hc, "ShmSize", int64_t{64} << 20);
    h.runtime = text(hc, "Runtime");
    h.init = flag(hc, "Init");
    h.resources = resources_of(hc);
    return h;
}

MountSpec mount_of(const json& j) {
    MountSpec s;
    const std::string type = text(j, "type", "volume");
    s.type = type == "bind"    ? MountType::Bind
             : type == "tmpfs" ? MountType::Tmpfs
                               : MountType::Volume;
    s.source = text(j, "source");
    s.destination = text(j, "destination");
    s.read_only = flag(j, "read_only");
    s.mode = text(j, "mode");
    s.propagation = text(j, "propagation");
    s.bind_nonrecursive = flag(j, "bind_nonrecursive");
    s.copy_data = flag(j, "copy_data", true);
    s.volume_driver = text(j, "volume_driver");
    s.volume_options = text_map(j, "volume_options");
    s.volume_labels = text_map(j, "volume_labels");
    s.tmpfs_size = number<int64_t>(j, "tmpfs_size");
    s.tmpfs_mode = number<uint32_t>(j, "tmpfs_mode");
    s.tmpfs_data = text(j, "tmpfs_data");
    s.origin = static_cast<MountSpec::Origin>(number<int>(j, "origin"));
    s.anonymous = flag(j, "anonymous");
    return s;
}

ContainerEndpoint endpoint_of(const std::string& name, const json& ep) {
    ContainerEndpoint e;
    e.network = name;
    e.aliases = texts(ep, "Aliases");
    const json& ipam = member(ep, "IPAMConfig");
    e.ipv4_request = text(ipam, "IPv4Address");
    e.ipv6_request = text(ipam, "IPv6Address");
    e.network_id = text(ep, "NetworkID");
    e.endpoint_id = text(ep, "EndpointID");
    e.gateway = text(ep, "Gateway");
    e.ip_address = text(ep, "IPAddress");
    e.ip_prefix_len = number<int>(ep, "IPPrefixLen");
    e.ipv6_gateway = text(ep, "IPv6Gateway");
    e.global_ipv6_address = text(ep, "GlobalIPv6Address");
    e.global_ipv6_prefix_len = number<int>(ep, "GlobalIPv6PrefixLen");
    e.mac_address = text(ep, "MacAddress");
    e.dns_names = texts(ep, "DNSNames");
    return e;
}

// The networks in join order: _tug.net.networks lists them (the first is the network
// mode's); NetworkSettings.Networks has each one's settings.
std::vector<ContainerEndpoint> endpoints_of(const json& settings, const json& net) {
    std::vector<ContainerEndpoint> out;
    const json& eps = member(settings, "Networks");
    std::vector<std::string> order = texts(net, "networks");
    if (eps.is_object())
        for (const auto& [name, _] : eps.items())
            if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
    for (const auto& name : order) {
        ContainerEndpoint e =
            endpoint_of(name, eps.is_object() && eps.contains(name) ? eps[name] : json());
        if (out.empty()) {  // create's --ip, --ip6 and --mac-address were for the first network
            if (e.ipv4_request.empty()) e.ipv4_request = text(net, "ip");
            if (e.ipv6_request.empty()) e.ipv6_request = text(net, "ip6");
            e.mac_request = text(net, "mac");
        }
        // A stopped container's endpoint settings were cleared but for the request.
        if (e.network_id.empty()) e.mac_address.clear();
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

ContainerRecord record_from_legacy_json(std::string_view text_json) {
    const json j = json::parse(text_json, nullptr, false);
    if (!j.is_object())
        throw Error(Errc::Internal, "metadata record is damaged: not a container record");
    const json& tug = member(j, "_tug");
    const json& net = member(tug, "net");
    ContainerRecord r;
    r.id = text(j, "Id");
    r.name = text(j, "Name");
    if (r.name.starts_with("/")) r.name.erase(0, 1);
    r.created_ns = time_ns(j, "Created");
    r.image_id = text(j, "Image");
    r.rootfs.chain_ids = texts(tug, "chain_ids");
    r.rootfs.dir = text(tug, "rootfs_dir");
    r.path = text(j, "Path");
    r.args = texts(j, "Args");
    r.config = config_of(member(j, "Config"));
    r.host = host_of(member(j, "HostConfig"), net);
    if (const json& mounts = member(tug, "mounts"); mounts.is_array())
        for (const auto& m : mounts)
            r.mounts.push_back(mount_of(m));
    const json& settings = member(j, "NetworkSettings");
    if (!r.joins_other_network()) r.endpoints = endpoints_of(settings, net);
    r.state = state_of(member(j, "State"), number<int>(j, "RestartCount"), tug);
    r.sandbox_key = text(settings, "SandboxKey");
    r.ports = bound_ports(member(settings, "Ports"));
    return r;
}

std::vector<HealthResult> health_log_from_legacy_json(std::string_view text_json) {
    const json j = json::parse(text_json, nullptr, false);
    std::vector<HealthResult> out;
    const json& log = member(member(member(j, "State"), "Health"), "Log");
    if (!log.is_array()) return out;
    for (const auto& e : log)
        out.push_back({time_ns(e, "Start"), time_ns(e, "End"), number<int>(e, "ExitCode"),
                       text(e, "Output")});
    return out;
}

}  // namespace tug::engine::container
