// --device and --device-cgroup-rule parsing with docker's rules and messages.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/security/devices.hpp"

using namespace tug::engine::security;
using nlohmann::json;

TEST(ParseDevice, HostOnlyContainerPathAndPermissions) {
    auto m = parse_device("/dev/fuse");
    EXPECT_EQ(m.host, "/dev/fuse");
    EXPECT_EQ(m.container, "/dev/fuse");
    EXPECT_EQ(m.permissions, "rwm");
    m = parse_device("/dev/sda:/dev/xvda");
    EXPECT_EQ(m.container, "/dev/xvda");
    m = parse_device("/dev/sda:r");
    EXPECT_EQ(m.container, "/dev/sda");
    EXPECT_EQ(m.permissions, "r");
    m = parse_device("/dev/sda:/dev/xvda:rw");
    EXPECT_EQ(m.permissions, "rw");
}

TEST(ParseDevice, RejectsBadModesAndPaths) {
    try {
        parse_device("/dev/sda:/dev/xvda:rwx");
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "invalid device mode: rwx");
    }
    EXPECT_THROW(parse_device("/dev/sda:relative"), tug::Error);
    EXPECT_THROW(parse_device("a:b:c:d"), tug::Error);
}

TEST(DeviceCgroupRule, ParsesWildcardsAndRejectsGarbage) {
    EXPECT_EQ(device_cgroup_rule("c 1:3 rwm"),
              (json{{"allow", true}, {"type", "c"}, {"major", 1}, {"minor", 3}, {"access", "rwm"}}));
    EXPECT_EQ(device_cgroup_rule("b *:* r"), (json{{"allow", true}, {"type", "b"}, {"access", "r"}}));
    try {
        validate_device_cgroup_rule("x 1:3 rwm");
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "invalid device cgroup format 'x 1:3 rwm'");
    }
}

TEST(OciDevices, NullIsACharDeviceWithItsRule) {
    json rules = json::array();
    const json d = oci_devices({"/dev/null", "/dev/mynull", "rw"}, rules);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0]["path"], "/dev/mynull");
    EXPECT_EQ(d[0]["type"], "c");
    EXPECT_EQ(d[0]["major"], 1);
    EXPECT_EQ(d[0]["minor"], 3);
    EXPECT_EQ(rules[0]["access"], "rw");
    EXPECT_THROW(oci_devices({"/dev/no-such-device", "/dev/x", "rwm"}, rules), tug::Error);
}
