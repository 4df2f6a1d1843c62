// docker -p forms, PORTS formatting and host port allocation.
#include <gtest/gtest.h>

#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/network/ports.hpp"

using namespace tug;
using tug::engine::network::PortMapping;
using tug::engine::network::parse_port_spec;

namespace {
std::string str(const PortMapping& m) {
    return m.host_ip + "|" + std::to_string(m.host_port) + "|" + std::to_string(m.container_port) + "|" + m.protocol +
           "|" + std::to_string(m.host_port_end);
}
}  // namespace

TEST(PortSpec, EveryDockerForm) {
    auto a = parse_port_spec("80:5000");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(str(a[0]), "|80|5000|tcp|0");
    EXPECT_EQ(str(parse_port_spec("127.0.0.1:80:5000")[0]), "127.0.0.1|80|5000|tcp|0");
    EXPECT_EQ(str(parse_port_spec("127.0.0.1::5000")[0]), "127.0.0.1|0|5000|tcp|0");
    EXPECT_EQ(str(parse_port_spec("5000")[0]), "|0|5000|tcp|0");
    EXPECT_EQ(str(parse_port_spec("53:53/udp")[0]), "|53|53|udp|0");
    EXPECT_EQ(str(parse_port_spec("[::1]:8080:80")[0]), "::1|8080|80|tcp|0");
    auto r = parse_port_spec("8000-8010:9000-9010");
    ASSERT_EQ(r.size(), 11u);
    EXPECT_EQ(str(r[0]), "|8000|9000|tcp|0");
    EXPECT_EQ(str(r[10]), "|8010|9010|tcp|0");
    auto cr = parse_port_spec("7000-7002");
    ASSERT_EQ(cr.size(), 3u);
    EXPECT_EQ(str(cr[2]), "|0|7002|tcp|0");
    auto hr = parse_port_spec("8000-8010:80");
    ASSERT_EQ(hr.size(), 1u);
    EXPECT_EQ(str(hr[0]), "|8000|80|tcp|8010");
}

TEST(PortSpec, Errors) {
    for (const char* bad : {"abc", "0", "70000", "80:abc", "1.2.3:80:80", "a:b:c:d", "80/icmp", "8000-8002:9000-9001",
                            "9-8", ""}) {
        EXPECT_THROW(parse_port_spec(bad), Error) << bad;
    }
    try {
        parse_port_spec("80/xyz");
    } catch (const Error& e) {
        EXPECT_EQ(e.message(), "invalid proto: xyz");
    }
}

TEST(PortSpec, FormatCollapsesRanges) {
    std::vector<PortMapping> ports;
    for (auto& m : parse_port_spec("8000-8002:9000-9002")) ports.push_back(m);
    for (auto& m : parse_port_spec("127.0.0.1:53:53/udp")) ports.push_back(m);
    for (auto& m : parse_port_spec("8080:80")) ports.push_back(m);
    EXPECT_EQ(engine::network::format_ports(ports),
              "0.0.0.0:8080->80/tcp, 0.0.0.0:8000-8002->9000-9002/tcp, 127.0.0.1:53->53/udp");
    EXPECT_EQ(engine::network::format_ports({}), "");
}

TEST(PortAlloc, RandomPortsAreDistinctAndExplicitConflictsRefused) {
    auto ports = parse_port_spec("7000-7003");
    engine::network::allocate_ports(ports, {});
    std::set<uint16_t> seen;
    for (const auto& p : ports) {
        EXPECT_NE(p.host_port, 0);
        seen.insert(p.host_port);
    }
    EXPECT_EQ(seen.size(), 4u);
    auto taken = parse_port_spec(std::to_string(*seen.begin()) + ":80");
    try {
        engine::network::allocate_ports(taken, {{"", *seen.begin(), "tcp"}});
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::Conflict);
        EXPECT_EQ(e.message(), "Bind for 0.0.0.0:" + std::to_string(*seen.begin()) + " failed: port is already allocated");
    }
    // A host range picks a port of the range that is free.
    auto range = parse_port_spec("127.0.0.1:" + std::to_string(*seen.begin()) + "-" +
                                 std::to_string(*seen.begin() + 1) + ":80");
    engine::network::allocate_ports(range, {{"", *seen.begin(), "tcp"}});
    EXPECT_EQ(range[0].host_port, *seen.begin() + 1);
    EXPECT_EQ(range[0].host_port_end, 0);
}
