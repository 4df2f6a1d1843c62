// container_start: rootfs mount, runtime spec, and the monitor launch.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/container/etc_files.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/network_setup.hpp"
#include "engine/container/spec_host.hpp"
#include "engine/container/store.hpp"
#include "engine/monitor/engine_config_file.hpp"
#include "engine/monitor/launch.hpp"
#include "engine/spec/oci_spec.hpp"

namespace tug::engine {

using nlohmann::json;

namespace {

json make_spec(const EngineConfig& config, const json& rec, const container::Paths& paths,
               const std::string& netns) {
    const json& cfg = rec["Config"];
    spec::SpecInput in;
    in.config = cfg;
    in.rootfs = paths.rootfs;
    in.hostname = cfg.value("Hostname", rec["Id"].get<std::string>().substr(0, 12));
    in.tty = cfg.value("Tty", false);
    in.network_mode = rec["HostConfig"].value("NetworkMode", std::string("bridge"));
    in.netns_path = netns;
    const std::string id = rec["Id"];
    in.cgroups_path = config.cgroup_manager == "systemd" ? "system.slice:tug:" + id : "/tug/" + id;
    const std::string user = cfg.value("User", std::string());
    in.user = spec::resolve_user_in_rootfs(paths.rootfs, user);
    bool has_home = false;
    for (auto& e : cfg["Env"]) has_home = has_home || e.get<std::string>().rfind("HOME=", 0) == 0;
    if (!has_home) in.config["Env"].push_back("HOME=" + in.user.home);
    in.files = {{rec.value("HostnamePath", paths.data + "/hostname"), "/etc/hostname", false},
                {rec.value("HostsPath", paths.data + "/hosts"), "/etc/hosts", false},
                {rec.value("ResolvConfPath", paths.data + "/resolv.conf"), "/etc/resolv.conf", false}};
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max != RLIM_INFINITY) in.nofile_hard = rl.rlim_max;
    json spec = spec::build_spec(in);
    container::apply_host_spec(config, rec, paths, spec);
    return spec;
}

// An auto-removed container's upper directory is thrown away at exit, so its overlay
// is mounted "volatile" (as podman does for --rm): without it, unmounting syncs the
// whole file system the upper directory lives on, ~7 ms on the exit path of every
// `run --rm`. A kernel without the option (before 5.10) gets the plain mount.
void mount_rootfs(const std::vector<base::Mount>& mounts, const std::string& target, bool disposable) {
    for (const auto& m : mounts) {
        const bool writable_overlay =
            m.type == "overlay" && std::any_of(m.options.begin(), m.options.end(),
                                               [](const std::string& o) { return o.starts_with("upperdir="); });
        if (disposable && writable_overlay) {
            base::Mount v = m;
            v.options.push_back("volatile");
            try {
                base::mount_at(v, target);
                continue;
            } catch (const Error&) {
            }
        }
        base::mount_at(m, target);
    }
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
        report.pid = store.get(id)["State"].value("Pid", 0);
        return report;
    }
    base::make_dirs(paths.state, 0711);
    // Until the monitor runs, this start is what holds the container: a command that
    // finds it without a monitor meanwhile must not take it for lost (reconcile_lost).
    auto start_lock = base::FileLock::acquire(paths.start_lock);
    if (container::monitor_alive(config, id)) {  // another start won
        report.already_running = true;
        report.pid = store.get(id)["State"].value("Pid", 0);
        return report;
    }
    json rec = store.update(id, [](json& r) {
        r["_tug"]["stop_requested"] = false;
        r["_tug"].erase("manual_restart");
        r["State"]["Error"] = "";
    });

    base::make_dirs(paths.runc_root, 0700);
    // A previous run may have left runtime state behind (the host rebooted, a monitor was
    // killed): clear it before creating the container again.
    container::teardown_runtime(config, id);
    base::make_dirs(paths.rootfs, 0755);
    base::ScopeGuard unmount_on_error([&] { base::unmount(paths.rootfs, true); });
    // A volatile mount marks its work directory (<workdir>/work/incompat/volatile), and a
    // marked directory refuses every later mount (a `tug restart` of a --rm container):
    // a disposable upper has nothing the mark protects.
    const bool disposable = rec["HostConfig"].value("AutoRemove", false);
    if (disposable) {
        std::error_code ec;
        std::filesystem::remove_all(paths.work + "/work/incompat", ec);
    }
    mount_rootfs(container::rootfs_mounts(config, rec["_tug"], paths.upper, paths.work), paths.rootfs, disposable);

    const std::string workdir = rec["Config"].value("WorkingDir", std::string());
    if (!workdir.empty()) container::make_dirs_in_root(paths.rootfs, workdir);
    const std::string netns = container::start_network(config, store, rec, paths);
    base::ScopeGuard detach_on_error([&] { container::stop_network(config, id); });
    json spec;
    try {
        spec = make_spec(config, rec, paths, netns);
    } catch (Error& e) {
        container::record_start_failed(store, id, 126, e.message());
        throw Error(Errc::CannotInvoke, e.message());
    }
    base::write_state_file(paths.state + "/config.json", spec.dump());

    monitor::write_engine_config(config, monitor::engine_config_path(config.state_dir, id));
    std::vector<std::string> argv = {"tug", "__monitor", config.namespace_, id,
                                     "--state-dir", config.state_dir};
    if (opts.wait_for_attach) argv.push_back("--wait-attach");
    unmount_on_error.dismiss();  // from here on the monitor owns the mount and the network
    detach_on_error.dismiss();
    report.pid = monitor::launch_and_wait(argv, paths.data + "/monitor.log");
    return report;
}

}  // namespace tug::engine
