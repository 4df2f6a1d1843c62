// A container's OOM kills, counted by its memory cgroup (oom_kill in memory.oom_control
// on cgroup v1, in memory.events on v2), wherever the cgroup manager put the cgroup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/unique_fd.hpp"

namespace tug::engine::cgroup {

// The OCI cgroupsPath tug gives container id: "/tug/<id>" under cgroupfs,
// "system.slice:tug:<id>" under systemd (runc --systemd-cgroup).
std::string container_cgroups_path(bool systemd, const std::string& id);

// The directory runc makes for cgroups_path, relative to a hierarchy's mount point.
// cgroupfs: the path itself. systemd: "slice:prefix:name" is the unit "prefix-name.scope"
// under the slice's ancestry, as runc expands it ("a-b.slice" is "/a.slice/a-b.slice").
// InvalidArgument for a systemd path that is not slice:prefix:name.
std::string cgroup_dir(std::string_view cgroups_path, bool systemd);

// The oom_kill count in the text of memory.oom_control or memory.events; 0 without one.
uint64_t parse_oom_kills(std::string_view text);

class OomCounter {
public:
    // Opens the event file of the container's memory cgroup (it exists once runc created
    // the container) and remembers its count. nullopt when the host has no memory
    // controller or the cgroup is not there.
    static std::optional<OomCounter> open(std::string_view cgroups_path, bool systemd);
    // Whether the kernel OOM-killed a process of the cgroup since open(). Reads the open
    // file, so it holds until the runtime deletes the cgroup.
    bool killed() const;

private:
    OomCounter(base::UniqueFd fd, uint64_t base) : fd_(std::move(fd)), base_(base) {}
    uint64_t count() const;

    base::UniqueFd fd_;
    uint64_t base_ = 0;
};

}  // namespace tug::engine::cgroup
