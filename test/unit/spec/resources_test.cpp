// HostConfig resources -> OCI linux.resources, as docker's daemon converts them.
#include <gtest/gtest.h>

#include "engine/spec/oci_spec.hpp"
#include "engine/spec/resources.hpp"

using namespace tug::engine::spec;
using nlohmann::json;
using tug::engine::ContainerResources;

TEST(LinuxResources, NothingSetIsEmpty) {
    EXPECT_EQ(linux_resources(ContainerResources{}, true), json::object());
}

TEST(LinuxResources, MemoryGetsTwiceAsSwapWhenAccountingExists) {
    ContainerResources hc;
    hc.memory = 64 << 20;
    hc.memory_reservation = 32 << 20;
    EXPECT_EQ(linux_resources(hc, true)["memory"],
              (json{{"limit", 64 << 20}, {"reservation", 32 << 20}, {"swap", 128 << 20}}));
    EXPECT_FALSE(linux_resources(hc, false)["memory"].contains("swap"));
    hc.memory_swap = -1;
    EXPECT_EQ(linux_resources(hc, true)["memory"]["swap"], -1);
}

TEST(LinuxResources, NanoCpusBecomeQuotaOverAHundredMillisecondPeriod) {
    ContainerResources hc;
    hc.nano_cpus = 1500000000;
    hc.cpu_shares = 512;
    const json r = linux_resources(hc, true);
    EXPECT_EQ(r["cpu"], (json{{"period", 100000}, {"quota", 150000}, {"shares", 512}}));
}

TEST(LinuxResources, PeriodQuotaCpusetPidsBlkio) {
    ContainerResources hc;
    hc.cpu_period = 50000;
    hc.cpu_quota = 25000;
    hc.cpuset_cpus = "0";
    hc.cpuset_mems = "0";
    hc.pids_limit = 42;
    hc.blkio_weight = 300;
    const json r = linux_resources(hc, true);
    EXPECT_EQ(r["cpu"], (json{{"period", 50000}, {"quota", 25000}, {"cpus", "0"}, {"mems", "0"}}));
    EXPECT_EQ(r["pids"]["limit"], 42);
    EXPECT_EQ(r["blockIO"]["weight"], 300);
    hc.pids_limit = -1;
    EXPECT_EQ(linux_resources(hc, true)["pids"]["limit"], -1);
}

TEST(DefaultCapabilities, AreDockersFourteen) {
    EXPECT_EQ(default_capabilities().size(), 14u);
}
