// Capabilities: docker's default set and moby's TweakCapabilities rules.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/base/error.hpp"
#include "engine/security/capabilities.hpp"

using namespace tug::engine::security;

namespace {

CapabilityEnv full_env() { return CapabilityEnv{40, ~uint64_t{0}}; }

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST(Capabilities, DefaultSetIsDockers) {
    const std::vector<std::string> want = {
        "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
        "CAP_NET_RAW", "CAP_SETGID",       "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
        "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"};
    EXPECT_EQ(default_capabilities(), want);
}

TEST(Capabilities, KnownNumbersMatchTheKernel) {
    EXPECT_EQ(capability_number("CAP_CHOWN"), 0);
    EXPECT_EQ(capability_number("CAP_SYS_ADMIN"), 21);
    EXPECT_EQ(capability_number("CAP_SYS_RESOURCE"), 24);
    EXPECT_EQ(capability_number("CAP_AUDIT_WRITE"), 29);
    EXPECT_EQ(capability_number("CAP_CHECKPOINT_RESTORE"), 40);
    EXPECT_EQ(capability_number("CAP_NOPE"), -1);
}

TEST(Capabilities, NamesAreNormalized) {
    auto env = full_env();
    EXPECT_EQ(normalize_capability("net_admin", env), "CAP_NET_ADMIN");
    EXPECT_EQ(normalize_capability("cap_sys_admin", env), "CAP_SYS_ADMIN");
    EXPECT_EQ(normalize_capability("CAP_KILL", env), "CAP_KILL");
    EXPECT_EQ(normalize_capability("all", env), "ALL");
}

TEST(Capabilities, UnknownNameIsDockersError) {
    try {
        normalize_capability("foo", full_env());
        FAIL() << "no error";
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument);
        EXPECT_EQ(e.message(), "unknown capability: \"CAP_FOO\"");
    }
}

TEST(Capabilities, NotGrantableHereIsAnError) {
    CapabilityEnv env{40, ~(uint64_t{1} << 24)};  // no CAP_SYS_RESOURCE, like this host
    try {
        normalize_capability("SYS_RESOURCE", env);
        FAIL() << "no error";
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(),
                  "capability not supported by your kernel or not available in the current "
                  "environment: \"CAP_SYS_RESOURCE\"");
    }
    CapabilityEnv old_kernel{37, ~uint64_t{0}};
    EXPECT_THROW(normalize_capability("BPF", old_kernel), tug::Error);
}

TEST(Capabilities, NoTweaksKeepTheBasics) {
    EXPECT_EQ(tweak_capabilities(default_capabilities(), {}, {}, false, full_env()),
              default_capabilities());
}

TEST(Capabilities, DropThenAdd) {
    auto caps = tweak_capabilities(default_capabilities(), {"NET_ADMIN", "chown"},
                                   {"net_raw", "CAP_CHOWN"}, false, full_env());
    EXPECT_FALSE(has(caps, "CAP_NET_RAW"));
    EXPECT_TRUE(has(caps, "CAP_NET_ADMIN"));
    // Named in both: the add wins (drops apply to the basics only).
    EXPECT_TRUE(has(caps, "CAP_CHOWN"));
    EXPECT_EQ(std::count(caps.begin(), caps.end(), "CAP_CHOWN"), 1);
    EXPECT_EQ(caps.back(), "CAP_CHOWN");
}

TEST(Capabilities, DropAllKeepsOnlyTheAdds) {
    auto caps = tweak_capabilities(default_capabilities(), {"kill"}, {"ALL"}, false, full_env());
    EXPECT_EQ(caps, std::vector<std::string>{"CAP_KILL"});
    EXPECT_TRUE(tweak_capabilities(default_capabilities(), {}, {"all"}, false, full_env()).empty());
}

TEST(Capabilities, AddAllMinusDrops) {
    auto caps = tweak_capabilities(default_capabilities(), {"ALL"}, {"SYS_ADMIN"}, false, full_env());
    EXPECT_EQ(caps.size(), 40u);
    EXPECT_FALSE(has(caps, "CAP_SYS_ADMIN"));
    EXPECT_TRUE(has(caps, "CAP_SYS_MODULE"));
}

TEST(Capabilities, PrivilegedGetsEverythingTheHostCanGrant) {
    CapabilityEnv env{40, ~(uint64_t{1} << 24)};
    auto caps = tweak_capabilities(default_capabilities(), {"foo"}, {}, true, env);
    EXPECT_EQ(caps.size(), 40u);
    EXPECT_FALSE(has(caps, "CAP_SYS_RESOURCE"));
    EXPECT_TRUE(has(caps, "CAP_SYS_ADMIN"));
    CapabilityEnv old_kernel{35, ~uint64_t{0}};
    EXPECT_EQ(all_capabilities(old_kernel).size(), 36u);
}

TEST(Capabilities, CurrentEnvironmentReadsProc) {
    auto env = CapabilityEnv::current();
    EXPECT_GE(env.last_cap, 36);
    EXPECT_TRUE(env.available(0) || env.bounding == 0);
}
