// Which image platforms a host runs without emulation, and the refusal's wording.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/container/platform_check.hpp"

using tug::Errc;
using tug::Error;
using tug::engine::container::host_runs;
using tug::engine::container::require_runnable;
using tug::engine::content::Platform;

namespace {
Platform p(const std::string& os, const std::string& arch, const std::string& variant = "") {
    return Platform{arch, os, variant, "", {}};
}
const Platform kAmd64 = p("linux", "amd64");
const Platform kArm64 = p("linux", "arm64", "v8");  // what host_platform() says on arm64
}  // namespace

TEST(HostRuns, SamePlatform) {
    EXPECT_TRUE(host_runs(kAmd64, p("linux", "amd64")));
    EXPECT_TRUE(host_runs(kAmd64, p("linux", "amd64", "v3")));
    EXPECT_TRUE(host_runs(kArm64, p("linux", "arm64")));
    EXPECT_TRUE(host_runs(kArm64, p("linux", "arm64", "v8")));
}

TEST(HostRuns, ForeignArchitectureRefused) {
    EXPECT_FALSE(host_runs(kAmd64, p("linux", "arm64", "v8")));
    EXPECT_FALSE(host_runs(kAmd64, p("linux", "arm", "v7")));
    EXPECT_FALSE(host_runs(kAmd64, p("linux", "s390x")));
    EXPECT_FALSE(host_runs(kArm64, p("linux", "amd64")));
    EXPECT_FALSE(host_runs(kArm64, p("linux", "386")));
}

TEST(HostRuns, ForeignOsRefused) {
    EXPECT_FALSE(host_runs(kAmd64, p("windows", "amd64")));
    EXPECT_FALSE(host_runs(kAmd64, p("windows", "386")));
    EXPECT_FALSE(host_runs(kArm64, p("darwin", "arm64")));
}

TEST(HostRuns, ThirtyTwoBitOnSixtyFourBit) {
    EXPECT_TRUE(host_runs(kAmd64, p("linux", "386")));
    EXPECT_TRUE(host_runs(kArm64, p("linux", "arm", "v7")));
    EXPECT_TRUE(host_runs(kArm64, p("linux", "arm", "v6")));
    EXPECT_TRUE(host_runs(kArm64, p("linux", "arm")));
    EXPECT_TRUE(host_runs(kArm64, p("linux", "arm", "v8")));
}

TEST(HostRuns, ArmVariantsOnArmHost) {
    const Platform armv7 = p("linux", "arm", "v7");
    EXPECT_TRUE(host_runs(armv7, p("linux", "arm")));  // "" is v7 by convention
    EXPECT_TRUE(host_runs(armv7, p("linux", "arm", "v7")));
    EXPECT_TRUE(host_runs(armv7, p("linux", "arm", "v6")));  // older variants run
    EXPECT_TRUE(host_runs(armv7, p("linux", "arm", "v5")));
    EXPECT_FALSE(host_runs(armv7, p("linux", "arm", "v8")));
    EXPECT_FALSE(host_runs(armv7, p("linux", "arm64", "v8")));
}

TEST(HostRuns, UnknownPlatformGivenTheBenefitOfTheDoubt) {
    EXPECT_TRUE(host_runs(kAmd64, Platform{}));
    EXPECT_TRUE(host_runs(kAmd64, p("", "amd64")));  // no os: linux
    EXPECT_FALSE(host_runs(kAmd64, p("", "arm64")));
}

TEST(RequireRunnable, PassesForTheHostsOwn) {
    EXPECT_NO_THROW(require_runnable("app:1", kAmd64, kAmd64));
    EXPECT_NO_THROW(require_runnable("app:1", p("linux", "386"), kAmd64, true));
}

TEST(RequireRunnable, NamesTheImageAndBothPlatforms) {
    try {
        require_runnable("app:1.0-arm64", p("linux", "arm64", "v8"), kAmd64);
        FAIL() << "expected a refusal";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::FailedPrecondition);
        EXPECT_STREQ(e.what(), "image \"app:1.0-arm64\" is for linux/arm64/v8, which this host (linux/amd64) cannot run");
    }
    try {
        require_runnable("app", p("", "s390x"), kArm64, true);
        FAIL() << "expected a refusal";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::FailedPrecondition);
        EXPECT_STREQ(e.what(), "image \"app\" was requested for linux/s390x, which this host (linux/arm64/v8) cannot run");
    }
}
