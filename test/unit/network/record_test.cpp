// Network records: the codec round trip, the inspect JSON rendered from them, and the
// one-time upgrade of a store whose records are the JSON of the release before.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"
#include "engine/network/inspect_json.hpp"
#include "engine/network/record_fields.hpp"
#include "engine/network/record_legacy.hpp"
#include "engine/network/store.hpp"

using namespace tug;
using namespace tug::engine;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// As the release before typed records wrote a user network (its inspect JSON without
// Containers, keys sorted) and the builtin bridge.
constexpr const char* kLegacyUser =
    R"({"Attachable":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,)"
    R"("Created":"2026-12-01T10:00:05.123456789Z","Driver":"bridge","EnableIPv6":true,)"
    R"("IPAM":{"Config":[{"Gateway":"10.4.3.1","IPRange":"10.4.3.128/25","Subnet":"10.4.3.0/24"},)"
    R"({"Subnet":"fd75:6700:0:3::/64"}],"Driver":"default","Options":{}},)"
    R"("Id":"1111111111111111111111111111111111111111111111111111111111111111",)"
    R"("Ingress":false,"Internal":false,"Labels":{"team":"a"},"Name":"net1",)"
    R"("Options":{"com.docker.network.driver.mtu":"1400"},"Scope":"local",)"
    R"("_tug":{"builtin":false,"device":"tug-11111111111"}})";
constexpr const char* kLegacyBridge =
    R"({"Attachable":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,)"
    R"("Created":"2026-12-01T10:00:00.5Z","Driver":"bridge","EnableIPv6":false,)"
    R"("IPAM":{"Config":[{"Gateway":"10.4.0.1","Subnet":"10.4.0.0/24"}],"Driver":"default","Options":null},)"
    R"("Id":"2222222222222222222222222222222222222222222222222222222222222222",)"
    R"("Ingress":false,"Internal":false,"Labels":{},"Name":"bridge",)"
    R"("Options":{"com.docker.network.bridge.default_bridge":"true",)"
    R"("com.docker.network.bridge.enable_ip_masquerade":"true","com.docker.network.bridge.name":"tug0"},)"
    R"("Scope":"local","_tug":{"builtin":true,"device":"tug0"}})";

// The old inspect output: the stored JSON without "_tug", with Containers.
json old_inspect(const char* legacy) {
    json j = json::parse(legacy);
    j.erase("_tug");
    j["Containers"] = json::object();
    return j;
}

}  // namespace

TEST(NetworkRecord, RoundTrips) {
    const NetworkRecord r = network::network_from_legacy_json(kLegacyUser);
    const auto back = meta::decode_record<NetworkRecord>(meta::encode_record(r, kNetworkRecordVersion));
    EXPECT_EQ(back.id, r.id);
    EXPECT_EQ(back.name, "net1");
    EXPECT_EQ(back.created_ns, r.created_ns);
    EXPECT_EQ(back.driver, "bridge");
    EXPECT_TRUE(back.enable_ipv6);
    ASSERT_EQ(back.ipam.size(), 2u);
    EXPECT_EQ(back.ipam[0].ip_range, "10.4.3.128/25");
    EXPECT_EQ(back.ipam[1].gateway, "");
    EXPECT_EQ(back.options, r.options);
    EXPECT_EQ(back.labels, r.labels);
    EXPECT_FALSE(back.builtin);
    EXPECT_EQ(back.device, "tug-11111111111");
    EXPECT_EQ(back.subnet4(), "10.4.3.0/24");
    EXPECT_EQ(back.gateway4(), "10.4.3.1");
}

// What inspect printed before typed records, byte for byte, for both kinds of network.
TEST(NetworkRecord, InspectJsonMatchesTheLegacyOutput) {
    for (const char* legacy : {kLegacyUser, kLegacyBridge}) {
        const NetworkRecord r = network::network_from_legacy_json(legacy);
        EXPECT_EQ(network::inspect_json(r, {}).dump(2), old_inspect(legacy).dump(2));
    }
}

TEST(NetworkRecord, InspectListsItsContainers) {
    const NetworkRecord r = network::network_from_legacy_json(kLegacyUser);
    network::NetworkAttachment a;
    a.container_id = "c1";
    a.container_name = "web";
    a.endpoints.push_back({"net1", r.id, "eth0", "ep1", "10.4.3.2/24", "10.4.3.1", "", "", "02:42:0a:04:03:02", {}});
    a.endpoints.push_back({"other", "x", "eth1", "ep2", "10.4.9.2/24", "", "", "", "", {}});
    const json c = network::inspect_json(r, {a})["Containers"];
    EXPECT_EQ(c, json({{"c1", {{"Name", "web"}, {"EndpointID", "ep1"}, {"MacAddress", "02:42:0a:04:03:02"},
                               {"IPv4Address", "10.4.3.2/24"}, {"IPv6Address", ""}}}}));
}

TEST(NetworkRecord, LegacyJsonErrors) {
    EXPECT_THROW(network::network_from_legacy_json("nope"), Error);
    EXPECT_THROW(network::network_from_legacy_json(R"({"Name":"x"})"), Error);
}

TEST(NetworkRecord, LegacyStoreIsUpgradedOnFirstUse) {
    base::TempDir dir{fs::temp_directory_path().string()};
    EngineConfig cfg;
    cfg.data_root = dir.path();
    {
        auto db = meta::Database::open(cfg.database_path());
        for (const char* legacy : {kLegacyUser, kLegacyBridge}) {
            const json j = json::parse(legacy);
            db->prepare("INSERT INTO networks (namespace, id, name, data, created) VALUES (?, ?, ?, ?, 0)")
                .bind(1, cfg.namespace_)
                .bind(2, j["Id"].get<std::string>())
                .bind(3, j["Name"].get<std::string>())
                .bind(4, legacy)
                .run();
        }
    }
    // The old bridge stays the bridge (ensure_defaults adds only host and none).
    std::vector<std::string> names;
    for (const auto& n : network_list(cfg, {})) names.push_back(n.name);
    EXPECT_EQ(names, std::vector<std::string>({"bridge", "host", "net1", "none"}));
    EXPECT_EQ(network_inspect(cfg, "net1").dump(), old_inspect(kLegacyUser).dump());
    EXPECT_EQ(network_inspect(cfg, "bridge").dump(), old_inspect(kLegacyBridge).dump());
    EXPECT_EQ(network_get(cfg, "1111").name, "net1");

    auto db = meta::Database::open(cfg.database_path());
    EXPECT_EQ(db->record_format("network"), kNetworkRecordVersion);
    auto st = db->prepare("SELECT data FROM networks");
    while (st.step()) EXPECT_EQ(meta::record_version(st.bytes(0)), kNetworkRecordVersion);
}
