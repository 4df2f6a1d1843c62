// The stored fields of a container record (engine/api/container_record.hpp), each with
// its number for the record codec (engine/meta/codec.hpp). Numbers only rise within a
// struct and are never reused: see the codec's rules before changing anything here.
#pragma once

#include "engine/api/container_record.hpp"

namespace tug::engine {

// The format version byte of stored container records. Records from before it are
// docker inspect JSON (engine/container/record_legacy.cpp reads them).
inline constexpr uint8_t kContainerRecordVersion = 1;

template <typename V>
void fields(V& v, HealthcheckOptions& h) {
    v(1, h.test);
    v(2, h.interval_ns);
    v(3, h.timeout_ns);
    v(4, h.start_period_ns);
    v(5, h.start_interval_ns);
    v(6, h.retries);
}

template <typename V>
void fields(V& v, HealthState& h) {
    v(1, h.status);
    v(2, h.failing_streak);
}

template <typename V>
void fields(V& v, HealthResult& r) {
    v(1, r.start_ns);
    v(2, r.end_ns);
    v(3, r.exit_code);
    v(4, r.output);
}

template <typename V>
void fields(V& v, ContainerState& s) {
    v(1, s.status);
    v(2, s.oom_killed);
    v(3, s.dead);
    v(4, s.pid);
    v(5, s.exit_code);
    v(6, s.error);
    v(7, s.started_ns);
    v(8, s.finished_ns);
    v(9, s.health);
    v(10, s.restart_count);
    v(11, s.stop_requested);
    v(12, s.manual_restart);
}

template <typename V>
void fields(V& v, ContainerConfig& c) {
    v(1, c.hostname);
    v(2, c.domainname);
    v(3, c.user);
    v(4, c.attach_stdin);
    v(5, c.attach_stdout);
    v(6, c.attach_stderr);
    v(7, c.tty);
    v(8, c.open_stdin);
    v(9, c.stdin_once);
    v(10, c.env);
    v(11, c.cmd);
    v(12, c.entrypoint);
    v(13, c.image);
    v(14, c.working_dir);
    v(15, c.labels);
    v(16, c.stop_signal);
    v(17, c.stop_timeout);
    v(18, c.healthcheck);
    v(19, c.exposed_ports);
    v(20, c.mac_address);
}

template <typename V>
void fields(V& v, DeviceMapping& d) {
    v(1, d.path_on_host);
    v(2, d.path_in_container);
    v(3, d.cgroup_permissions);
}

template <typename V>
void fields(V& v, Ulimit& u) {
    v(1, u.name);
    v(2, u.soft);
    v(3, u.hard);
}

template <typename V>
void fields(V& v, RestartPolicyRecord& p) {
    v(1, p.name);
    v(2, p.max_retries);
}

template <typename V>
void fields(V& v, ContainerResources& r) {
    v(1, r.nano_cpus);
    v(2, r.cpu_shares);
    v(3, r.cpu_period);
    v(4, r.cpu_quota);
    v(5, r.cpuset_cpus);
    v(6, r.cpuset_mems);
    v(7, r.memory);
    v(8, r.memory_swap);
    v(9, r.memory_reservation);
    v(10, r.pids_limit);
    v(11, r.blkio_weight);
}

template <typename V>
void fields(V& v, ContainerHostConfig& h) {
    v(1, h.binds);
    v(2, h.volumes_from);
    v(3, h.volume_driver);
    v(4, h.container_id_file);
    v(5, h.log_driver);
    v(6, h.log_options);
    v(7, h.restart_policy);
    v(8, h.auto_remove);
    v(9, h.network_mode);
    v(10, h.port_bindings);
    v(11, h.publish_all_ports);
    v(12, h.dns);
    v(13, h.dns_search);
    v(14, h.dns_options);
    v(15, h.extra_hosts);
    v(16, h.privileged);
    v(17, h.cap_add);
    v(18, h.cap_drop);
    v(19, h.security_opt);
    v(20, h.devices);
    v(21, h.device_cgroup_rules);
    v(22, h.group_add);
    v(23, h.userns_mode);
    v(24, h.ipc_mode);
    v(25, h.pid_mode);
    v(26, h.uts_mode);
    v(27, h.cgroupns_mode);
    v(28, h.sysctls);
    v(29, h.oom_score_adj);
    v(30, h.ulimits);
    v(31, h.readonly_rootfs);
    v(32, h.shm_size);
    v(33, h.runtime);
    v(34, h.init);
    v(35, h.resources);
}

template <typename V>
void fields(V& v, ContainerEndpoint& e) {
    v(1, e.network);
    v(2, e.aliases);
    v(3, e.ipv4_request);
    v(4, e.ipv6_request);
    v(5, e.mac_request);
    v(6, e.network_id);
    v(7, e.endpoint_id);
    v(8, e.gateway);
    v(9, e.ip_address);
    v(10, e.ip_prefix_len);
    v(11, e.ipv6_gateway);
    v(12, e.global_ipv6_address);
    v(13, e.global_ipv6_prefix_len);
    v(14, e.mac_address);
    v(15, e.dns_names);
}

template <typename V>
void fields(V& v, RootfsSource& r) {
    v(1, r.chain_ids);
    v(2, r.dir);
}

template <typename V>
void fields(V& v, MountSpec& m) {
    v(1, m.type);
    v(2, m.source);
    v(3, m.destination);
    v(4, m.read_only);
    v(5, m.mode);
    v(6, m.propagation);
    v(7, m.bind_nonrecursive);
    v(8, m.copy_data);
    v(9, m.volume_driver);
    v(10, m.volume_options);
    v(11, m.volume_labels);
    v(12, m.tmpfs_size);
    v(13, m.tmpfs_mode);
    v(14, m.tmpfs_data);
    v(15, m.origin);
    v(16, m.anonymous);
}

template <typename V>
void fields(V& v, ContainerRecord& r) {
    v(1, r.id);
    v(2, r.name);
    v(3, r.created_ns);
    v(4, r.image_id);
    v(5, r.rootfs);
    v(6, r.path);
    v(7, r.args);
    v(8, r.config);
    v(9, r.host);
    v(10, r.mounts);
    v(11, r.endpoints);
    v(12, r.state);
    v(13, r.sandbox_key);
    v(14, r.ports);
}

namespace network {

template <typename V>
void fields(V& v, PortMapping& p) {
    v(1, p.host_ip);
    v(2, p.host_port);
    v(3, p.container_port);
    v(4, p.protocol);
    v(5, p.host_port_end);
}

}  // namespace network

}  // namespace tug::engine
