// AppArmor detection and docker-default generation/loading (moby profiles/apparmor).
#include "engine/security/apparmor.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::engine::security {

namespace {

// apparmor_parser in the search path, then in /sbin and /usr/sbin as docker looks.
std::string find_parser(const std::vector<std::string>& search_path) {
    std::vector<std::string> dirs = search_path;
    dirs.insert(dirs.end(), {"/sbin", "/usr/sbin"});
    return base::find_program("apparmor_parser", dirs);
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

// The label of this process, without the " (enforce)" mode suffix.
std::string own_profile() {
    auto s = base::read_file_if_exists("/proc/self/attr/current");
    if (!s) return "unconfined";
    std::string label = trim(*s);
    if (auto sp = label.find(" ("); sp != std::string::npos) label.resize(sp);
    return label.empty() ? "unconfined" : label;
}

}  // namespace

bool apparmor_enabled(const std::vector<std::string>& search_path,
                      const std::string& enabled_param) {
    auto v = base::read_file_if_exists(enabled_param);
    if (!v || v->empty() || (*v)[0] != 'Y') return false;
    return !find_parser(search_path).empty();
}

std::string apparmor_profile_text(const std::string& name, int parser_version,
                                  const std::string& daemon_profile) {
    std::ostringstream p;
    if (std::filesystem::exists("/etc/apparmor.d/tunables/global"))
        p << "#include <tunables/global>\n\n";
    p << "profile " << name << " flags=(attach_disconnected,mediate_deleted) {\n";
    if (std::filesystem::exists("/etc/apparmor.d/abstractions/base"))
        p << "  #include <abstractions/base>\n\n";
    p << "  network,\n  capability,\n  file,\n  umount,\n";
    if (parser_version >= 208096) {
        p << "  # Host (privileged) processes may send signals to container processes.\n"
          << "  signal (receive) peer=unconfined,\n"
          << "  # tug may send signals to container processes (for \"tug kill\").\n"
          << "  signal (receive) peer=" << daemon_profile << ",\n"
          << "  # Container processes may send signals amongst themselves.\n"
          << "  signal (send,receive) peer=" << name << ",\n";
    }
    // Writes to /proc are denied except under /proc/<pid>/ and /proc/sys/kernel/shm*.
    p << "\n"
      << "  deny @{PROC}/* w,\n"
      << "  deny @{PROC}/{[^1-9],[^1-9][^0-9],[^1-9s][^0-9y][^0-9s],[^1-9][^0-9][^0-9][^0-9/]*}/** w,\n"
      << "  deny @{PROC}/sys/[^k]** w,\n"
      << "  deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,\n"
      << "  deny @{PROC}/sysrq-trigger rwklx,\n"
      << "  deny @{PROC}/kcore rwklx,\n\n"
      << "  deny mount,\n\n"
      // Only /sys/fs/cgroup stays writable (when mounted rw) under /sys.
      << "  deny /sys/[^f]*/** wklx,\n"
      << "  deny /sys/f[^s]*/** wklx,\n"
      << "  deny /sys/fs/[^c]*/** wklx,\n"
      << "  deny /sys/fs/c[^g]*/** wklx,\n"
      << "  deny /sys/fs/cg[^r]*/** wklx,\n"
      << "  deny /sys/firmware/** rwklx,\n"
      << "  deny /sys/kernel/security/** rwklx,\n";
    if (parser_version >= 208095) {
        p << "\n  # suppress ptrace denials when using 'ps' inside a container\n"
          << "  ptrace (trace,read,tracedby,readby) peer=" << name << ",\n";
    }
    p << "}\n";
    return p.str();
}

int apparmor_parser_version(const base::ChildEnv& child) {
    const std::string parser = find_parser(child.search_path);
    if (parser.empty()) return 0;
    try {
        auto r = base::run_capture({parser, "--version"}, child);
        // "AppArmor parser version 3.0.8"
        auto pos = r.out.find("version ");
        if (pos == std::string::npos) return 0;
        int major = 0, minor = 0, patch = 0;
        std::sscanf(r.out.c_str() + pos + 8, "%d.%d.%d", &major, &minor, &patch);
        return major * 100000 + minor * 1000 + patch;
    } catch (const Error&) {
        return 0;
    }
}

bool apparmor_profile_loaded(const std::string& name) {
    auto s = base::read_file_if_exists("/sys/kernel/security/apparmor/profiles");
    if (!s) return false;
    std::istringstream in(*s);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name + " (", 0) == 0) return true;
    return false;
}

void load_apparmor_profile(const std::string& name, const base::ChildEnv& child) {
    const std::string parser = find_parser(child.search_path);
    if (parser.empty()) throw Error(Errc::FailedPrecondition, "apparmor_parser not found");
    // The profile goes in on stdin: no temp file, and no TMPDIR to find one in.
    const std::string text =
        apparmor_profile_text(name, apparmor_parser_version(child), own_profile());
    auto r = base::run_capture({parser, "-Kr"}, child, text);
    if (r.exit_code != 0)
        throw Error(Errc::Internal, "load apparmor profile " + name + ": " + trim(r.err + r.out));
}

std::string apparmor_profile_for_container(const std::string& option, bool privileged,
                                           const base::ChildEnv& child) {
    if (!apparmor_enabled(child.search_path)) return "";
    std::string profile = option;
    if (profile.empty()) profile = privileged ? "unconfined" : kDefaultAppArmorProfile;
    if (profile == kDefaultAppArmorProfile && !apparmor_profile_loaded(profile))
        load_apparmor_profile(profile, child);
    return profile;
}

}  // namespace tug::engine::security
