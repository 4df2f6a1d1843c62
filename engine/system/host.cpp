// Host facts read from /proc, /sys, uname and the runtime binary.
#include "engine/system/host.hpp"

#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

namespace tug::engine::system {

std::string kernel_version() {
    utsname u{};
    ::uname(&u);
    return u.release;
}

std::string operating_system() {
    auto text = base::read_file_if_exists("/etc/os-release");
    if (!text) return "Linux";
    std::istringstream is(*text);
    for (std::string line; std::getline(is, line);) {
        if (line.rfind("PRETTY_NAME=", 0) == 0) {
            std::string v = line.substr(12);
            if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
            return v;
        }
    }
    return "Linux";
}

int cgroup_version() {
    struct statfs fs{};
    if (::statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) return 2;
    return 1;
}

bool overlay_supported() {
    auto text = base::read_file_if_exists("/proc/filesystems");
    return text && text->find("\toverlay\n") != std::string::npos;
}

std::string find_in_path(const std::string& program, const std::vector<std::string>& search_path) {
    const std::string path = base::find_program(program, search_path);
    return !path.empty() && ::access(path.c_str(), X_OK) == 0 ? path : "";
}

std::string runtime_version(const std::string& runtime, const base::ChildEnv& child) {
    try {
        auto res = base::run_capture({runtime, "--version"}, child, {}, std::chrono::seconds(10));
        if (res.exit_code != 0) return "";
        // "runc version 1.1.5" / "crun version 1.8.1"
        std::istringstream is(res.out);
        std::string first;
        std::getline(is, first);
        auto pos = first.find("version ");
        return pos == std::string::npos ? first : first.substr(pos + 8);
    } catch (const Error&) {
        return "";
    }
}

}  // namespace tug::engine::system
