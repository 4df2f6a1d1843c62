// Where a container's memory cgroup is under each cgroup manager, and the OOM counters.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/cgroup/location.hpp"
#include "engine/cgroup/oom.hpp"

namespace tug::engine::cgroup {
namespace {

TEST(OomTest, CgroupsPathPerManager) {
    EXPECT_EQ(container_cgroups_path(false, "abc"), "/tug/abc");
    EXPECT_EQ(container_cgroups_path(true, "abc"), "system.slice:tug:abc");
}

TEST(OomTest, CgroupfsDirIsThePath) { EXPECT_EQ(cgroup_dir("/tug/abc", false), "/tug/abc"); }

TEST(OomTest, SystemdDirIsAScopeUnderTheSlice) {
    EXPECT_EQ(cgroup_dir("system.slice:tug:abc", true), "/system.slice/tug-abc.scope");
    EXPECT_EQ(cgroup_dir("machine-app.slice:tug:abc", true), "/machine.slice/machine-app.slice/tug-abc.scope");
    EXPECT_EQ(cgroup_dir("-.slice:tug:abc", true), "/tug-abc.scope");
    EXPECT_EQ(cgroup_dir(":tug:abc", true), "/system.slice/tug-abc.scope");
    EXPECT_EQ(cgroup_dir("system.slice:tug:own.slice", true), "/system.slice/own.slice");
    EXPECT_THROW(cgroup_dir("/tug/abc", true), Error);
    EXPECT_THROW(cgroup_dir("system:tug:abc", true), Error);
}

TEST(OomTest, ParsesV1AndV2Counters) {
    EXPECT_EQ(parse_oom_kills("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n"), 3u);
    EXPECT_EQ(parse_oom_kills("low 0\nhigh 0\nmax 7\noom 2\noom_kill 1\noom_group_kill 0\n"), 1u);
    EXPECT_EQ(parse_oom_kills("oom_kill_disable 1\nunder_oom 0\n"), 0u);
    EXPECT_EQ(parse_oom_kills(""), 0u);
}

TEST(OomTest, FindsHierarchyMounts) {
    const char* mountinfo =
        "30 25 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
        "35 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
        "36 30 0:32 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
        "37 30 0:33 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
    EXPECT_EQ(hierarchy_mount(mountinfo, "memory"), "/sys/fs/cgroup/memory");
    EXPECT_EQ(hierarchy_mount(mountinfo, "cpuacct"), "/sys/fs/cgroup/cpu,cpuacct");
    EXPECT_EQ(hierarchy_mount(mountinfo, ""), "/sys/fs/cgroup/unified");
    EXPECT_EQ(hierarchy_mount(mountinfo, "pids"), "");
    EXPECT_EQ(hierarchy_mount("29 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "memory"), "");
}

}  // namespace
}  // namespace tug::engine::cgroup
