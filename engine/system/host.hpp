// Facts about the host tug runs on: kernel, OS, cgroup version, overlay support, the
// OCI runtime's version.
#pragma once

#include <string>
#include <vector>

#include "engine/base/child_env.hpp"

namespace tug::engine::system {

std::string kernel_version();
std::string operating_system();  // PRETTY_NAME of /etc/os-release
int cgroup_version();            // 2 when /sys/fs/cgroup is cgroup2, else 1
bool overlay_supported();        // "overlay" in /proc/filesystems
// The runtime binary's path as search_path finds it, or "" when it is not there or not
// executable.
std::string find_in_path(const std::string& program, const std::vector<std::string>& search_path);
// "1.1.5" from `runc --version` run with child's environment; "" when it cannot be run.
std::string runtime_version(const std::string& runtime, const base::ChildEnv& child);

}  // namespace tug::engine::system
