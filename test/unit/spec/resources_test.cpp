// HostConfig resources -> OCI linux.resources, as docker's daemon converts them.
#include <gtest/gtest.h>

#include "engine/spec/oci_spec.hpp"
#include "engine/spec/resources.hpp"

using namespace tug::engine::spec;
using nlohmann::json;

TEST(LinuxResources, NothingSetIsEmpty) {
    EXPECT_EQ(linux_resources(json{{"Memory", 0}, {"CpusetCpus", ""}, {"PidsLimit", nullptr}}, true),
              json::object());
}

TEST(LinuxResources, MemoryGetsTwiceAsSwapWhenAccountingExists) {
    json hc{{"Memory", 64 << 20}, {"MemoryReservation", 32 << 20}};
    EXPECT_EQ(linux_resources(hc, true)["memory"],
              (json{{"limit", 64 << 20}, {"reservation", 32 << 20}, {"swap", 128 << 20}}));
    EXPECT_FALSE(linux_resources(hc, false)["memory"].contains("swap"));
    hc["MemorySwap"] = -1;
    EXPECT_EQ(linux_resources(hc, true)["memory"]["swap"], -1);
}

TEST(LinuxResources, NanoCpusBecomeQuotaOverAHundredMillisecondPeriod) {
    const json r = linux_resources(json{{"NanoCpus", 1500000000}, {"CpuShares", 512}}, true);
    EXPECT_EQ(r["cpu"], (json{{"period", 100000}, {"quota", 150000}, {"shares", 512}}));
}

TEST(LinuxResources, PeriodQuotaCpusetPidsBlkio) {
    const json r = linux_resources(json{{"CpuPeriod", 50000}, {"CpuQuota", 25000}, {"CpusetCpus", "0"},
                                        {"CpusetMems", "0"}, {"PidsLimit", 42}, {"BlkioWeight", 300}},
                                   true);
    EXPECT_EQ(r["cpu"], (json{{"period", 50000}, {"quota", 25000}, {"cpus", "0"}, {"mems", "0"}}));
    EXPECT_EQ(r["pids"]["limit"], 42);
    EXPECT_EQ(r["blockIO"]["weight"], 300);
    EXPECT_EQ(linux_resources(json{{"PidsLimit", -1}}, true)["pids"]["limit"], -1);
}

TEST(DefaultCapabilities, AreDockersFourteen) {
    EXPECT_EQ(default_capabilities().size(), 14u);
}
