// docker's default runtime spec (moby oci/defaults.go and daemon/oci_linux.go) as JSON.
#include "engine/spec/oci_spec.hpp"

#include <algorithm>

#include "engine/security/capabilities.hpp"

namespace tug::engine::spec {

using nlohmann::json;

const std::vector<std::string>& default_capabilities() {
    // One list of docker's defaults: engine/security's.
    return security::default_capabilities();
}

std::vector<std::string> process_env(const std::vector<std::string>& user_env,
                                     const std::string& hostname, bool tty) {
    std::vector<std::string> base;
    bool has_path = std::any_of(user_env.begin(), user_env.end(),
                                [](const std::string& e) { return e.rfind("PATH=", 0) == 0; });
    if (!has_path) base.emplace_back(kDefaultPath);
    base.push_back("HOSTNAME=" + hostname);
    if (tty) base.emplace_back("TERM=xterm");
    return merge_env(base, user_env);
}

namespace {

json mount(const char* dest, const char* type, const char* source,
           std::vector<std::string> options) {
    return json{{"destination", dest}, {"type", type}, {"source", source}, {"options", options}};
}

json device_rule(bool allow, const char* type, int major, int minor, const char* access) {
    json r{{"allow", allow}};
    if (type) r["type"] = type;
    if (major >= 0) r["major"] = major;
    if (minor >= 0) r["minor"] = minor;
    if (access) r["access"] = access;
    return r;
}

}  // namespace

json build_spec(const SpecInput& in) {
    const std::string cwd = in.cwd.empty() ? "/" : in.cwd;

    const auto& caps = default_capabilities();
    const unsigned long long nofile = std::min<unsigned long long>(1048576, in.nofile_hard);

    json process = {
        {"terminal", in.tty},
        {"user",
         {{"uid", in.user.uid}, {"gid", in.user.gid}, {"additionalGids", in.user.additional_gids}}},
        {"args", in.args},
        {"env", process_env(in.env, in.hostname, in.tty)},
        {"cwd", cwd},
        {"capabilities", {{"bounding", caps}, {"effective", caps}, {"permitted", caps}}},
        {"rlimits", json::array({{{"type", "RLIMIT_NOFILE"}, {"hard", nofile}, {"soft", nofile}}})},
        {"noNewPrivileges", false},
    };

    json mounts = json::array({
        mount("/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}),
        mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
        mount("/dev/pts", "devpts", "devpts",
              {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
        mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
        mount("/sys/fs/cgroup", "cgroup", "cgroup", {"ro", "nosuid", "noexec", "nodev"}),
        mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
        mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=67108864"}),
    });
    for (const auto& f : in.files) {
        std::vector<std::string> opts = {"rbind", "rprivate"};
        if (f.read_only) opts.push_back("ro");
        mounts.push_back(json{{"destination", f.destination},
                              {"type", "bind"},
                              {"source", f.source},
                              {"options", opts}});
    }

    json namespaces = json::array({{{"type", "pid"}}, {{"type", "ipc"}}, {{"type", "uts"}},
                                   {{"type", "mount"}}});
    if (in.network_mode != "host") {
        json ns{{"type", "network"}};
        if (!in.netns_path.empty()) ns["path"] = in.netns_path;
        namespaces.push_back(ns);
    }

    json devices = json::array({
        device_rule(false, nullptr, -1, -1, "rwm"),
        device_rule(true, "c", -1, -1, "m"),
        device_rule(true, "b", -1, -1, "m"),
        device_rule(true, "c", 1, 3, "rwm"),    // null
        device_rule(true, "c", 1, 8, "rwm"),    // random
        device_rule(true, "c", 1, 7, "rwm"),    // full
        device_rule(true, "c", 5, 0, "rwm"),    // tty
        device_rule(true, "c", 1, 5, "rwm"),    // zero
        device_rule(true, "c", 1, 9, "rwm"),    // urandom
        device_rule(true, "c", 136, -1, "rwm"), // pts
        device_rule(true, "c", 5, 1, "rwm"),    // console
        device_rule(true, "c", 5, 2, "rwm"),    // ptmx
        device_rule(true, "c", 10, 200, "rwm"), // tun
    });

    json linux = {
        {"namespaces", namespaces},
        {"resources", {{"devices", devices}}},
        {"maskedPaths",
         {"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
          "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
          "/sys/firmware", "/sys/devices/virtual/powercap"}},
        {"readonlyPaths",
         {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}},
    };
    if (!in.cgroups_path.empty()) linux["cgroupsPath"] = in.cgroups_path;
    if (in.seccomp) linux["seccomp"] = *in.seccomp;

    return json{
        {"ociVersion", "1.0.2-dev"},
        {"process", process},
        {"root", {{"path", in.rootfs}, {"readonly", false}}},
        {"hostname", in.hostname},
        {"mounts", mounts},
        {"linux", linux},
    };
}

}  // namespace tug::engine::spec
