// container_start: rootfs mount, runtime spec, and the monitor launch.
#include <sys/resource.h>
#include <unistd.h>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/cgroup/oom.hpp"
#include "engine/container/etc_files.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/platform.hpp"
#include "engine/container/spec_host.hpp"
#include "engine/container/store.hpp"
#include "engine/monitor_protocol/engine_config_file.hpp"
#include "engine/monitor_protocol/launch.hpp"
#include "engine/spec/oci_spec.hpp"

namespace tug::engine {

using nlohmann::json;

namespace {

json make_spec(const EngineConfig& config, const ContainerRecord& rec,
               const container::Paths& paths, const std::string& netns) {
    const ContainerConfig& cfg = rec.config;
    spec::SpecInput in;
    in.args = cfg.entrypoint;
    in.args.insert(in.args.end(), cfg.cmd.begin(), cfg.cmd.end());
    in.env = cfg.env;
    in.cwd = cfg.working_dir;
    in.rootfs = paths.rootfs;
    in.hostname = cfg.hostname.empty() ? rec.id.substr(0, 12) : cfg.hostname;
    in.tty = cfg.tty;
    in.network_mode = rec.host.network_mode;
    in.netns_path = netns;
    in.cgroups_path = cgroup::container_cgroups_path(config.cgroup_manager == "systemd", rec.id);
    in.user = spec::resolve_user_in_rootfs(paths.rootfs, cfg.user);
    bool has_home = false;
    for (const auto& e : cfg.env)
        has_home = has_home || e.starts_with("HOME=");
    if (!has_home) in.env.push_back("HOME=" + in.user.home);
    const auto etc = container::etc_paths(config, rec);
    in.files = {{etc.hostname, "/etc/hostname", false},
                {etc.hosts, "/etc/hosts", false},
                {etc.resolv_conf, "/etc/resolv.conf", false}};
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max != RLIM_INFINITY) in.nofile_hard = rl.rlim_max;
    json spec = spec::build_spec(in);
    container::apply_host_spec(config, rec, paths, spec);
    return spec;
}

}  // namespace

ContainerStartReport container_start(const EngineConfig& config, const ContainerStartOptions& opts) {
    container::Store store(config);
    ContainerStartReport report;
    report.id = store.resolve(opts.container);
    const std::string& id = report.id;
    auto paths = container::paths_for(config, id);
    if (container::monitor_alive(config, id)) {
        report.already_running = true;
        report.pid = store.get(id).state.pid;
        return report;
    }
    base::make_dirs(paths.state, 0711);
    // Until the monitor runs, this start is what holds the container: a command that
    // finds it without a monitor meanwhile must not take it for lost (reconcile_lost).
    auto start_lock = base::FileLock::acquire(paths.start_lock);
    if (container::monitor_alive(config, id)) {  // another start won
        report.already_running = true;
        report.pid = store.get(id).state.pid;
        return report;
    }
    const ContainerRecord rec = store.update(id, [](ContainerRecord& r) {
        r.state.stop_requested = false;
        r.state.manual_restart = false;
        r.state.error.clear();
    });

    base::make_dirs(paths.runc_root, 0700);
    // A previous run may have left runtime state behind (the host rebooted, a monitor was
    // killed): clear it before creating the container again.
    container::teardown_runtime(config, id);
    base::make_dirs(paths.rootfs, 0755);
    const container::Platform& platform = container::platform_of(config);
    platform.mount_rootfs(config, rec, paths);
    base::ScopeGuard unmount_on_error([&] { platform.unmount_rootfs(paths); });

    if (!rec.config.working_dir.empty())
        container::make_dirs_in_root(paths.rootfs, rec.config.working_dir);
    const std::string netns = platform.start_network(config, store, rec, paths);
    base::ScopeGuard detach_on_error([&] { platform.stop_network(config, id); });
    json spec;
    try {
        spec = make_spec(config, rec, paths, netns);
    } catch (Error& e) {
        container::record_start_failed(store, id, 126, e.message());
        throw Error(Errc::CannotInvoke, e.message());
    }
    base::write_state_file(paths.state + "/config.json", spec.dump());

    monitor_protocol::write_engine_config(config, monitor_protocol::engine_config_path(config.state_dir, id));
    std::vector<std::string> argv = {config.namespace_, id, "--state-dir", config.state_dir};
    if (config.monitor_program.empty()) {
        argv.insert(argv.begin(), {"/proc/self/exe", "__monitor"});
    } else {
        argv.insert(argv.begin(), config.monitor_program);
    }
    if (opts.wait_for_attach) argv.push_back("--wait-attach");
    unmount_on_error.dismiss();  // from here on the monitor owns the mount and the network
    detach_on_error.dismiss();
    report.pid = monitor_protocol::launch_and_wait(argv, paths.data + "/monitor.log");
    return report;
}

}  // namespace tug::engine
