// Volume records: the codec round trip, the inspect JSON rendered from them, and the
// one-time upgrade of a store whose records are the JSON of the release before.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/api/volume.hpp"
#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"
#include "engine/volume/inspect_json.hpp"
#include "engine/volume/record_fields.hpp"
#include "engine/volume/record_legacy.hpp"
#include "engine/volume/store.hpp"

using namespace tug;
using namespace tug::engine;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// As the release before typed records wrote a volume that one container used.
constexpr const char* kLegacy = R"({"CreatedAt":"2026-12-01T10:00:05Z","Driver":"local",
  "Labels":{"com.docker.volume.anonymous":"","tier":"db"},"Mountpoint":"/old/root/volumes/v1/_data",
  "Name":"v1","Options":{"device":"tmpfs","type":"tmpfs"},"Scope":"local","_tug":{"users":["c1"]}})";

VolumeRecord sample() {
    VolumeRecord r;
    r.name = "data";
    r.labels = {{"a", "1"}};
    r.options = {{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m"}};
    r.created = 1764583205;
    r.users = {"c1", "c2"};
    return r;
}

}  // namespace

TEST(VolumeRecord, RoundTrips) {
    const VolumeRecord r = sample();
    const std::string stored = meta::encode_record(r, kVolumeRecordVersion);
    EXPECT_EQ(meta::record_version(stored), kVolumeRecordVersion);
    const auto back = meta::decode_record<VolumeRecord>(stored);
    EXPECT_EQ(back.name, r.name);
    EXPECT_EQ(back.driver, "local");
    EXPECT_EQ(back.labels, r.labels);
    EXPECT_EQ(back.options, r.options);
    EXPECT_EQ(back.created, r.created);
    EXPECT_EQ(back.users, r.users);
    EXPECT_TRUE(back.has_mount());
    EXPECT_FALSE(back.anonymous());
}

TEST(VolumeRecord, InspectJsonDerivesMountpoint) {
    EngineConfig cfg;
    cfg.data_root = "/var/lib/tug";
    const json j = volume::inspect_json(cfg, sample());
    EXPECT_EQ(j.dump(),
              R"({"CreatedAt":"2025-12-01T10:00:05Z","Driver":"local","Labels":{"a":"1"},)"
              R"("Mountpoint":"/var/lib/tug/volumes/data/_data","Name":"data",)"
              R"("Options":{"device":"tmpfs","o":"size=1m","type":"tmpfs"},"Scope":"local"})");
    VolumeRecord bare;
    bare.name = "x";
    EXPECT_EQ(volume::inspect_json(cfg, bare)["Labels"], json::object());
    EXPECT_EQ(volume::inspect_json(cfg, bare)["CreatedAt"], "0001-01-01T00:00:00Z");
}

TEST(VolumeRecord, ReadsLegacyJson) {
    const VolumeRecord r = volume::volume_from_legacy_json(kLegacy);
    EXPECT_EQ(r.name, "v1");
    EXPECT_EQ(r.driver, "local");
    EXPECT_TRUE(r.anonymous());
    EXPECT_EQ(r.labels.at("tier"), "db");
    EXPECT_TRUE(r.has_mount());
    EXPECT_EQ(r.users, std::vector<std::string>({"c1"}));
    EXPECT_EQ(volume_created_at(r), "2026-12-01T10:00:05Z");
    EXPECT_THROW(volume::volume_from_legacy_json("[1]"), Error);
    EXPECT_THROW(volume::volume_from_legacy_json("{\"Driver\":\"local\"}"), Error);
}

TEST(VolumeRecord, LegacyStoreIsUpgradedOnFirstUse) {
    base::TempDir dir{fs::temp_directory_path().string()};
    EngineConfig cfg;
    cfg.data_root = dir.path();
    {
        auto db = meta::Database::open(cfg.database_path());
        db->prepare("INSERT INTO volumes (namespace, name, data, created) VALUES (?, ?, ?, 0)")
            .bind(1, cfg.namespace_)
            .bind(2, "v1")
            .bind(3, kLegacy)
            .run();
    }
    const auto listed = volume_list(cfg, {});
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].users, std::vector<std::string>({"c1"}));
    const json j = volume_inspect(cfg, "v1");
    EXPECT_EQ(j["Mountpoint"], cfg.data_root + "/volumes/v1/_data");
    EXPECT_EQ(j["CreatedAt"], "2026-12-01T10:00:05Z");
    EXPECT_FALSE(j.contains("_tug"));

    auto db = meta::Database::open(cfg.database_path());
    EXPECT_EQ(db->record_format("volume"), kVolumeRecordVersion);
    auto st = db->prepare("SELECT data FROM volumes WHERE name = 'v1'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(meta::record_version(st.bytes(0)), kVolumeRecordVersion);
}
