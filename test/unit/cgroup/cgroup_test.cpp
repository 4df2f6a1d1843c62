// cgroup locations from /proc/<pid>/cgroup + mountinfo, and the usage files' formats.
#include <gtest/gtest.h>

#include "engine/api/container_tools.hpp"
#include "engine/cgroup/location.hpp"
#include "engine/cgroup/usage.hpp"

using namespace tug::engine::cgroup;

namespace {

// A cgroup v1 host with a unified hierarchy beside it (this project's CI machines).
const char* kHybridMounts =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
    "50 23 8:1 / /data rw - ext4 /dev/sda1 rw\n";

}  // namespace

TEST(CgroupLocation, V1HierarchiesByController) {
    auto loc = parse_location(
        "9:name=systemd:/tug/abc\n8:pids:/tug/abc\n7:blkio:/tug/abc\n4:memory:/tug/abc\n2:cpu,cpuacct:/tug/abc\n0::/tug/abc\n",
        kHybridMounts);
    EXPECT_EQ(loc.v1_dir("memory"), "/sys/fs/cgroup/memory/tug/abc");
    EXPECT_EQ(loc.v1_dir("cpuacct"), "/sys/fs/cgroup/cpu,cpuacct/tug/abc");
    EXPECT_EQ(loc.v1_dir("cpu"), "/sys/fs/cgroup/cpu,cpuacct/tug/abc");
    EXPECT_EQ(loc.v1_dir("pids"), "/sys/fs/cgroup/pids/tug/abc");
    EXPECT_EQ(loc.v1_dir("freezer"), "");
    EXPECT_EQ(loc.unified, "/sys/fs/cgroup/unified/tug/abc");
}

TEST(CgroupLocation, V2OnlyAndMountRoots) {
    auto loc = parse_location("0::/system.slice/tug-abc.scope\n",
                              "30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n");
    EXPECT_TRUE(loc.v1.empty());
    EXPECT_EQ(loc.unified, "/sys/fs/cgroup/system.slice/tug-abc.scope");
    // Inside a cgroup namespace the mount root is a sub-tree: paths are taken below it,
    // and a process outside that sub-tree has no directory there.
    auto nested = parse_location("4:memory:/outer/tug/x\n", "35 31 0:32 /outer /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
    EXPECT_EQ(nested.v1_dir("memory"), "/sys/fs/cgroup/memory/tug/x");
    auto outside = parse_location("4:memory:/elsewhere\n", "35 31 0:32 /outer /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
    EXPECT_EQ(outside.v1_dir("memory"), "");
}

TEST(CgroupUsage, FileFormats) {
    EXPECT_EQ(keyed_value("cache 10\ntotal_inactive_file 4096\n", "total_inactive_file"), 4096u);
    EXPECT_FALSE(keyed_value("cache 10\n", "inactive_file").has_value());
    auto [r, w] = blkio_v1_bytes("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 9\n8:16 Read 100\nTotal 4708\n");
    EXPECT_EQ(r, 4196u);
    EXPECT_EQ(w, 512u);
    auto [r2, w2] = io_stat_v2_bytes("8:0 rbytes=1000 wbytes=24 rios=3 wios=1\n8:16 rbytes=5 wbytes=6\n");
    EXPECT_EQ(r2, 1005u);
    EXPECT_EQ(w2, 30u);
    EXPECT_EQ(limit_value("max\n"), 0u);
    EXPECT_EQ(limit_value("1048576\n"), 1048576u);
}

TEST(CgroupUsage, SystemCpuAndNetDev) {
    // user..softirq (7 fields) in ticks; steal and guest are left out, as docker does.
    EXPECT_EQ(parse_system_cpu_ns("cpu  100 0 50 800 10 0 40 999 0 0\ncpu0 1 2 3\n", 100), 10000000000ULL);
    EXPECT_EQ(parse_system_cpu_ns("intr 1 2\n", 100), 0u);
    const char* dev =
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
        "    lo:    9999      10    0    0    0     0          0         0     9999      10    0    0    0     0       0          0\n"
        "  eth0:    1234      12    0    0    0     0          0         0      648       8    0    0    0     0       0          0\n"
        "  eth1:       6       1    0    0    0     0          0         0        2       1    0    0    0     0       0          0\n";
    auto [rx, tx] = net_dev_bytes(dev);
    EXPECT_EQ(rx, 1240u);
    EXPECT_EQ(tx, 650u);
}

TEST(StatsPercent, DockerFormula) {
    tug::engine::ContainerStats a, b;
    a.cpu_ns = 1000000000;
    a.system_cpu_ns = 100000000000ULL;
    b.cpu_ns = 1500000000;
    b.system_cpu_ns = 104000000000ULL;  // 4 CPUs for one second
    b.online_cpus = 4;
    EXPECT_DOUBLE_EQ(tug::engine::cpu_percent(a, b), 50.0);
    EXPECT_DOUBLE_EQ(tug::engine::cpu_percent(b, a), 0.0);
    b.memory = 256;
    b.memory_limit = 1024;
    EXPECT_DOUBLE_EQ(tug::engine::memory_percent(b), 25.0);
    b.memory_limit = 0;
    EXPECT_DOUBLE_EQ(tug::engine::memory_percent(b), 0.0);
}
