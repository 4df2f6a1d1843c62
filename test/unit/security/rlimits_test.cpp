// --ulimit parsing and rlimits that never exceed what the host lets us set.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/security/rlimits.hpp"

using namespace tug::engine::security;

namespace {

std::string error_of(const std::string& v) {
    try {
        parse_ulimit(v);
    } catch (const tug::Error& e) {
        return e.message();
    }
    return "";
}

HostLimits restricted(uint64_t nofile_hard) {
    HostLimits h;
    h.hard["nofile"] = nofile_hard;
    h.hard["nproc"] = 4096;
    h.can_raise = false;
    return h;
}

}  // namespace

TEST(Ulimit, ParsesSoftAndHard) {
    auto u = parse_ulimit("nofile=1024:2048");
    EXPECT_EQ(u.name, "nofile");
    EXPECT_EQ(u.soft, 1024);
    EXPECT_EQ(u.hard, 2048);
    auto one = parse_ulimit("nproc=100");
    EXPECT_EQ(one.soft, 100);
    EXPECT_EQ(one.hard, 100);
    auto unlimited = parse_ulimit("core=-1");
    EXPECT_EQ(unlimited.soft, -1);
    EXPECT_EQ(unlimited.hard, -1);
    EXPECT_EQ(parse_ulimit("memlock=5:-1").hard, -1);
}

TEST(Ulimit, DockersErrors) {
    EXPECT_EQ(error_of("nofile"), "invalid ulimit argument: nofile");
    EXPECT_EQ(error_of("foo=1"), "invalid ulimit type: foo");
    EXPECT_EQ(error_of("nofile=1:2:3"),
              "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`");
    EXPECT_EQ(error_of("nofile=10:5"), "ulimit soft limit must be less than or equal to hard limit: 10 > 5");
    EXPECT_EQ(error_of("nofile=abc"), "strconv.ParseInt: parsing \"abc\": invalid syntax");
    EXPECT_EQ(error_of("nofile=1:"), "strconv.ParseInt: parsing \"\": invalid syntax");
    EXPECT_EQ(error_of("nofile="), "strconv.ParseInt: parsing \"\": invalid syntax");
}

TEST(Rlimits, DefaultNofileIsClampedToTheHostHardLimit) {
    auto r = default_rlimits(restricted(20000));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0]["type"], "RLIMIT_NOFILE");
    EXPECT_EQ(r[0]["hard"], 20000u);
    EXPECT_EQ(r[0]["soft"], 20000u);
    auto roomy = default_rlimits(restricted(4000000));
    EXPECT_EQ(roomy[0]["hard"], 1048576u);
    HostLimits can = restricted(20000);
    can.can_raise = true;
    EXPECT_EQ(default_rlimits(can)[0]["hard"], 1048576u);
}

TEST(Rlimits, RequestOverridesDefaultAndAddsOthers) {
    auto r = container_rlimits({parse_ulimit("nofile=100:200"), parse_ulimit("nproc=50")},
                               restricted(20000));
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0]["type"], "RLIMIT_NOFILE");
    EXPECT_EQ(r[0]["soft"], 100u);
    EXPECT_EQ(r[0]["hard"], 200u);
    EXPECT_EQ(r[1]["type"], "RLIMIT_NPROC");
    EXPECT_EQ(r[1]["hard"], 50u);
}

TEST(Rlimits, RequestAboveHostHardLimitIsAClearError) {
    try {
        container_rlimits({parse_ulimit("nofile=2000000")}, restricted(1048576));
        FAIL() << "no error";
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::FailedPrecondition);
        EXPECT_EQ(e.message(),
                  "ulimit nofile: hard limit 2000000 exceeds this host's limit 1048576 (tug lacks "
                  "CAP_SYS_RESOURCE)");
    }
    EXPECT_THROW(container_rlimits({parse_ulimit("nproc=-1")}, restricted(100)), tug::Error);
    HostLimits can = restricted(1048576);
    can.can_raise = true;
    EXPECT_NO_THROW(container_rlimits({parse_ulimit("nofile=2000000")}, can));
}

TEST(Rlimits, CurrentHostLimitsAreReadable) {
    auto h = HostLimits::current();
    EXPECT_GT(h.hard_of("nofile"), 0u);
    // The defaults are always settable by this very process.
    auto r = default_rlimits(h);
    EXPECT_LE(r[0]["hard"].get<uint64_t>(), h.can_raise ? UINT64_MAX : h.hard_of("nofile"));
}
