// Facts about the host tug runs on: kernel, OS, cgroup version, overlay support, the
// OCI runtime's version.
#pragma once

#include <string>

namespace tug::engine::system {

std::string kernel_version();
std::string operating_system();  // PRETTY_NAME of /etc/os-release
int cgroup_version();            // 2 when /sys/fs/cgroup is cgroup2, else 1
bool overlay_supported();        // "overlay" in /proc/filesystems
// The runtime binary's absolute path, or "" when not found in PATH.
std::string find_in_path(const std::string& program);
// "1.1.5" from `runc --version`; "" when it cannot be run.
std::string runtime_version(const std::string& runtime);

}  // namespace tug::engine::system
