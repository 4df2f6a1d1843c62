// The conflists tug generates parse, and carry the plugins and capabilities it relies on.
#include <gtest/gtest.h>

#include "cni/conflist.hpp"
#include "cni/link.hpp"
#include "engine/network/attachments.hpp"
#include "engine/network/store.hpp"

using namespace tug;
using nlohmann::json;

namespace {
engine::NetworkRecord bridge_record(bool internal) {
    engine::NetworkRecord r;
    r.name = "net1";
    r.id = "abc";
    r.driver = "bridge";
    r.internal = internal;
    r.ipam = {{"10.4.7.0/24", "10.4.7.1", "10.4.7.128/25"}};
    r.device = "tug-abc";
    return r;
}
}  // namespace

TEST(ConflistGen, BridgeNetwork) {
    engine::EngineConfig cfg;
    cfg.data_root = "/data";
    auto list = cni::parse_conflist(engine::network::build_conflist(cfg, bridge_record(false)));
    EXPECT_EQ(list.name, "net1");
    EXPECT_EQ(list.cni_version, "1.0.0");
    ASSERT_EQ(list.plugins.size(), 3u);
    const auto& br = list.plugins[0];
    EXPECT_EQ(br["type"], "bridge");
    EXPECT_EQ(br["bridge"], "tug-abc");
    EXPECT_TRUE(br["isGateway"].get<bool>());
    // NAT and forwarding are per-network rules (network_rules.hpp), not plugin work.
    EXPECT_FALSE(br["ipMasq"].get<bool>());
    EXPECT_TRUE(br["hairpinMode"].get<bool>());
    EXPECT_EQ(br["ipam"]["type"], "host-local");
    EXPECT_EQ(br["ipam"]["dataDir"], "/data/network/ipam");
    EXPECT_EQ(br["ipam"]["ranges"][0][0]["rangeStart"], "10.4.7.129");
    EXPECT_EQ(br["ipam"]["ranges"][0][0]["rangeEnd"], "10.4.7.254");
    EXPECT_EQ(br["ipam"]["routes"][0]["dst"], "0.0.0.0/0");
    EXPECT_EQ(list.plugins[1]["type"], "portmap");
    EXPECT_TRUE(list.plugins[1]["capabilities"]["portMappings"].get<bool>());
    EXPECT_TRUE(list.plugins[1]["snat"].get<bool>());
    EXPECT_EQ(list.plugins[2]["type"], "tuning");
}

TEST(ConflistGen, InternalHasNoMasqueradePortsOrDefaultRoute) {
    engine::EngineConfig cfg;
    auto list = cni::parse_conflist(engine::network::build_conflist(cfg, bridge_record(true)));
    EXPECT_FALSE(list.plugins[0]["ipMasq"].get<bool>());
    EXPECT_TRUE(list.plugins[0]["ipam"]["routes"].empty());
    for (const auto& p : list.plugins) EXPECT_NE(p["type"], "portmap");
}

TEST(ConflistGen, Macvlan) {
    engine::EngineConfig cfg;
    auto rec = bridge_record(false);
    rec.driver = "macvlan";
    rec.options = {{"parent", "eth0"}};
    auto list = cni::parse_conflist(engine::network::build_conflist(cfg, rec));
    EXPECT_EQ(list.plugins[0]["type"], "macvlan");
    EXPECT_EQ(list.plugins[0]["master"], "eth0");
    EXPECT_EQ(list.plugins[0]["mode"], "bridge");
}

TEST(Subnets, ParseAndOverlap) {
    auto a = cni::parse_ipv4_cidr("10.4.1.0/24");
    EXPECT_EQ(cni::format_ipv4(a.addr), "10.4.1.0");
    EXPECT_TRUE(a.overlaps(cni::parse_ipv4_cidr("10.4.0.0/16")));
    EXPECT_FALSE(a.overlaps(cni::parse_ipv4_cidr("10.4.2.0/24")));
    EXPECT_THROW(cni::parse_ipv4_cidr("10.4.1.0/33"), Error);
    EXPECT_THROW(cni::parse_ipv4_cidr("fd00::/64"), Error);
}

TEST(Attachments, JsonRoundTripAndPeerHosts) {
    engine::network::NetworkAttachment a;
    a.container_id = "aaaaaaaaaaaaaaaa";
    a.container_name = "a";
    a.hostname = "ha";
    a.endpoints.push_back({"n", "nid", "eth0", "ep", "10.4.1.2/24", "10.4.1.1", "", "", "02:00:00:00:00:01", {"alias-a"}});
    a.ports.push_back({"", 8080, 80, "tcp", 0});
    auto back = engine::network::attachment_from_json(engine::network::attachment_to_json(a));
    EXPECT_EQ(back.endpoints.at(0).ipv4, "10.4.1.2/24");
    EXPECT_EQ(back.endpoints.at(0).aliases, std::vector<std::string>{"alias-a"});
    EXPECT_EQ(back.ports.at(0).host_port, 8080);
    auto b = a;
    b.container_id = "bbbbbbbbbbbbbbbb";
    b.container_name = "b";
    b.hostname = "hb";
    b.endpoints[0].ipv4 = "10.4.1.3/24";
    b.endpoints[0].aliases = {};
    auto hosts = engine::network::hosts_for(b, {a, b}, {"nid"});
    EXPECT_NE(hosts.find("10.4.1.3\thb\n"), std::string::npos);
    EXPECT_NE(hosts.find("10.4.1.2\ta alias-a aaaaaaaaaaaa\n"), std::string::npos);
    // The default bridge is not a user network: no peers.
    auto plain = engine::network::hosts_for(b, {a, b}, {});
    EXPECT_EQ(plain.find("\ta "), std::string::npos);
}
