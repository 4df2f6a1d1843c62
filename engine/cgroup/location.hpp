// Where a process's cgroups live on this host: each controller's directory under the
// cgroup mounts, for cgroup v1 (a hierarchy per controller), v2 (one unified hierarchy)
// and the hybrid of both.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tug::engine::cgroup {

struct Location {
    // v1: controller ("memory", "cpuacct", "blkio", "pids") -> directory.
    std::map<std::string, std::string> v1;
    // The process's directory in the unified (v2) hierarchy; "" when not mounted.
    std::string unified;

    // The v1 directory of controller, "" when that controller is not a v1 hierarchy.
    std::string v1_dir(const std::string& controller) const;
};

// Pure: from the text of /proc/<pid>/cgroup and of /proc/self/mountinfo. A hierarchy
// that is not mounted, or whose mount root does not contain the process, is left out.
Location parse_location(std::string_view proc_cgroup, std::string_view mountinfo);

// Pure: the mount point of the v1 hierarchy that has controller ("memory"), or with
// controller "", of the unified (v2) hierarchy; "" when there is none.
std::string hierarchy_mount(std::string_view mountinfo, const std::string& controller);

// The cgroups of a live process. NotFound when the process is gone.
Location location_of(int pid);

// The pids in the process's cgroup (cgroup.procs of the pids or unified hierarchy, or
// of any v1 hierarchy), sorted.
std::vector<int> member_pids(const Location& loc);

}  // namespace tug::engine::cgroup
