// The image store: records, docker's name resolution, rmi rules, list filters and GC.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/container/store.hpp"
#include "engine/content/store.hpp"
#include "engine/image/gc.hpp"
#include "engine/image/record.hpp"
#include "engine/image/record_fields.hpp"
#include "engine/image/record_legacy.hpp"
#include "engine/meta/codec.hpp"
#include "engine/image/store.hpp"
#include "engine/meta/database.hpp"
#include "engine/snapshot/snapshotter.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug {
namespace {

using engine::image::ImageRecord;
using engine::image::ImageStore;
namespace fs = std::filesystem;

// The config's "created" text of a unix time.
std::string rfc3339(int64_t t) {
    const time_t tt = static_cast<time_t>(t);
    struct tm tm {};
    ::gmtime_r(&tt, &tm);
    char buf[32];
    ::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// An image record as the release before typed records stored it (the legacy-store
// fixture's, test/fixtures/legacy-store).
constexpr const char* kLegacy =
    R"({"configMediaType":"application/vnd.docker.container.image.v1+json","created":"1970-01-01T00:01:40Z",)"
    R"("createdUnix":100,"id":"sha256:1d706b772360fe6dffe66f8fb8d1407c3a6f7e744a4334b32f26b7c4fca6926c",)"
    R"("indexDigest":"","indexMediaType":"","layers":[{"chainID":"sha256:b387","diffID":"sha256:b387",)"
    R"("digest":"sha256:b387","mediaType":"application/vnd.docker.image.rootfs.diff.tar","size":10240}],)"
    R"("manifestDigest":"sha256:3604","manifestMediaType":"application/vnd.docker.distribution.manifest.v2+json",)"
    R"("manifestSize":420,"otherPlatforms":[{"config":"sha256:c2","digest":"sha256:m2","layers":["sha256:l2"],)"
    R"("mediaType":"mt","platform":{"architecture":"arm64","os":"linux","variant":"v8"}}],)"
    R"("platform":{"architecture":"amd64","os":"linux"},"size":8568,"stored":1796669486})";

struct ImageStoreTest : ::testing::Test {
    base::TempDir tmp{"/tmp", "tug-image-test-"};
    engine::EngineConfig cfg;
    void SetUp() override {
        cfg.snapshotter = "native";
        cfg.data_root = tmp.path();
    }

    // An image with one real layer (blob + snapshot) and its config blob.
    ImageRecord add_image(const std::string& content, const std::vector<std::string>& refs, int64_t created = 1000) {
        engine::content::Store cs = engine::content::Store::for_config(cfg);
        const std::string tar = test::TarBuilder().file("f", content).build();
        const std::string layer = cs.write_blob(tar);
        nlohmann::json config = {{"architecture", "amd64"}, {"os", "linux"},
                                 {"config", {{"Labels", {{"tier", content}}}}},
                                 {"rootfs", {{"type", "layers"}, {"diff_ids", {layer}}}}};
        const std::string cfg_digest = cs.write_blob(config.dump());
        const std::string manifest = cs.write_blob("{\"m\":\"" + content + "\"}");
        auto snaps = engine::snapshot::Snapshotter::for_config(cfg);
        test::StringSource src(tar);
        snaps.unpack({layer, "", layer, layer, {}}, src);
        ImageRecord r;
        r.id = cfg_digest;
        r.manifest_digest = manifest;
        r.layers.push_back({layer, "application/vnd.oci.image.layer.v1.tar", static_cast<int64_t>(tar.size()), layer, layer, {}});
        r.platform = engine::image::parse_platform("linux/amd64");
        r.created = rfc3339(created);
        std::vector<engine::image::RefRow> rows;
        for (const auto& ref : refs) rows.push_back({ref, r.id, manifest, 0});
        ImageStore(cfg).put(r, rows, {{layer, "", 1}});
        return r;
    }
    void add_container(const std::string& id, const std::string& image_id, bool running) {
        engine::ContainerRecord rec;
        rec.id = id;
        rec.name = "n" + id;
        rec.image_id = image_id;
        rec.state.status =
            running ? engine::ContainerStatus::Running : engine::ContainerStatus::Exited;
        engine::container::Store(cfg).insert(rec);
    }
    std::string error_of(const std::function<void()>& fn) {
        try {
            fn();
        } catch (const Error& e) {
            return e.what();
        }
        return "";
    }
};

TEST(ImageRecord, RoundTripsThroughTheCodec) {
    ImageRecord r;
    r.id = "sha256:" + std::string(64, 'a');
    r.index_digest = "sha256:" + std::string(64, 'c');
    r.layers.push_back({"sha256:" + std::string(64, 'b'), "mt", 42, "d", "c", {"http://x"}});
    r.platform = engine::image::parse_platform("linux/arm64/v8");
    r.other_platforms.push_back({"sha256:1", "mt", r.platform, "sha256:2", {"sha256:3"}});
    r.size = 7;
    r.created = "2024-01-02T03:04:05.5+01:00";
    auto back = engine::meta::decode_record<ImageRecord>(
        engine::meta::encode_record(r, engine::kImageRecordVersion));
    EXPECT_EQ(back.id, r.id);
    EXPECT_EQ(back.created, r.created);
    EXPECT_EQ(back.created_unix(), 1704161045);
    EXPECT_EQ(back.layers.at(0).size, 42);
    EXPECT_EQ(back.layers.at(0).urls.at(0), "http://x");
    EXPECT_EQ(back.platform.variant, "v8");
    EXPECT_EQ(back.other_platforms.at(0).layer_digests.at(0), "sha256:3");
    auto blobs = back.blobs();
    EXPECT_NE(std::find(blobs.begin(), blobs.end(), "sha256:3"), blobs.end());
    EXPECT_NE(std::find(blobs.begin(), blobs.end(), r.index_digest), blobs.end());
}

TEST(ImageRecord, ReadsLegacyJson) {
    const ImageRecord r = engine::image::image_from_legacy_json(kLegacy);
    EXPECT_EQ(r.id, "sha256:1d706b772360fe6dffe66f8fb8d1407c3a6f7e744a4334b32f26b7c4fca6926c");
    EXPECT_EQ(r.manifest_size, 420);
    ASSERT_EQ(r.layers.size(), 1u);
    EXPECT_EQ(r.layers[0].chain_id, "sha256:b387");
    EXPECT_EQ(r.layers[0].size, 10240);
    EXPECT_EQ(r.platform, (engine::Platform{"amd64", "linux", "", "", {}}));
    ASSERT_EQ(r.other_platforms.size(), 1u);
    EXPECT_EQ(r.other_platforms[0].platform.variant, "v8");
    EXPECT_EQ(r.other_platforms[0].layer_digests, std::vector<std::string>({"sha256:l2"}));
    EXPECT_EQ(r.size, 8568);
    EXPECT_EQ(r.created_unix(), 100);  // derived from "created", as createdUnix said
    EXPECT_EQ(r.stored, 1796669486);
    EXPECT_THROW(engine::image::image_from_legacy_json("{}"), Error);
    EXPECT_THROW(engine::image::image_from_legacy_json(R"({"id":"x","layers":[{"size":"big"}]})"), Error);
}

TEST(ImageRecord, LegacyStoreIsUpgradedOnFirstUse) {
    base::TempDir tmp{"/tmp", "tug-image-legacy-"};
    engine::EngineConfig cfg;
    cfg.data_root = tmp.path();
    const std::string id = "sha256:1d706b772360fe6dffe66f8fb8d1407c3a6f7e744a4334b32f26b7c4fca6926c";
    {
        auto db = engine::meta::Database::open(cfg.database_path());
        db->prepare("INSERT INTO images (namespace, id, data, created) VALUES ('default', ?, ?, 0)")
            .bind(1, id)
            .bind(2, kLegacy)
            .run();
        db->prepare("INSERT INTO image_refs (namespace, reference, image_id, updated) "
                    "VALUES ('default', 'docker.io/library/legacy:1', ?, 5)")
            .bind(1, id)
            .run();
    }
    ImageStore store(cfg);
    EXPECT_EQ(store.resolve("legacy:1").size, 8568);
    EXPECT_EQ(store.resolve("1d706b").id, id);
    const auto listed = engine::image_list(cfg, {});
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].created, 100);
    EXPECT_EQ(listed[0].repo_tags, std::vector<std::string>({"legacy:1"}));
    EXPECT_EQ(store.db().record_format("image"), engine::kImageRecordVersion);
    auto st = store.db().prepare("SELECT data FROM images");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(engine::meta::record_version(st.bytes(0)), engine::kImageRecordVersion);
}

TEST(Platform, ParsesAndMatchesLikeDocker) {
    using engine::image::parse_platform;
    using engine::image::platform_matches;
    EXPECT_EQ(engine::image::format_platform(parse_platform("linux/arm64/v8")), "linux/arm64/v8");
    EXPECT_EQ(parse_platform("Linux/x86_64").architecture, "amd64");
    EXPECT_EQ(parse_platform("arm64").os, "linux");
    EXPECT_THROW(parse_platform("linux//"), Error);
    engine::content::Platform arm64{"arm64", "linux", "", "", {}};
    EXPECT_TRUE(platform_matches(parse_platform("linux/arm64/v8"), arm64));  // v8 is arm64's default
    EXPECT_TRUE(platform_matches(parse_platform("linux/arm64"), arm64));
    EXPECT_FALSE(platform_matches(parse_platform("linux/amd64"), arm64));
    engine::content::Platform armv6{"arm", "linux", "v6", "", {}};
    EXPECT_FALSE(platform_matches(parse_platform("linux/arm/v7"), armv6));
}

TEST(Rfc3339, ParsesFractionsAndOffsets) {
    EXPECT_EQ(engine::image::parse_rfc3339("1970-01-01T00:01:00Z"), 60);
    EXPECT_EQ(engine::image::parse_rfc3339("1970-01-01T01:00:00.123456789+01:00"), 0);
    EXPECT_EQ(engine::image::parse_rfc3339("garbage"), 0);
}

TEST_F(ImageStoreTest, ResolvesNamesIdsPrefixesAndDigests) {
    auto a = add_image("a", {"docker.io/library/alpine:latest", "docker.io/library/alpine@" + std::string("sha256:") + std::string(64, 'd')});
    ImageStore store(cfg);
    std::string matched;
    EXPECT_EQ(store.resolve("alpine", &matched).id, a.id);
    EXPECT_EQ(matched, "docker.io/library/alpine:latest");
    EXPECT_EQ(store.resolve("docker.io/library/alpine:latest").id, a.id);
    EXPECT_EQ(store.resolve(a.id).id, a.id);
    EXPECT_EQ(store.resolve(a.id.substr(7)).id, a.id);
    EXPECT_EQ(store.resolve(a.id.substr(7, 5)).id, a.id);
    EXPECT_EQ(store.resolve("alpine@" + a.manifest_digest).id, a.id);  // the manifest digest, any tag's repo
    EXPECT_EQ(error_of([&] { store.resolve("alpine:3"); }), "No such image: alpine:3");
    EXPECT_EQ(error_of([&] { store.resolve("busybox@" + a.manifest_digest); }),
              "No such image: busybox@" + a.manifest_digest);
}

TEST_F(ImageStoreTest, RmiUntagsThenDeletesAndCollects) {
    auto a = add_image("a", {"docker.io/library/a:1", "docker.io/library/a:2"});
    auto items = engine::image_remove(cfg, {"a:1", false});
    ASSERT_EQ(items.size(), 1u);
    EXPECT_FALSE(items[0].deleted);
    EXPECT_EQ(items[0].value, "a:1");
    items = engine::image_remove(cfg, {"a:2", false});
    ASSERT_GE(items.size(), 2u);
    EXPECT_EQ(items[0].value, "a:2");
    EXPECT_TRUE(items[1].deleted);
    EXPECT_EQ(items[1].value, a.id);
    EXPECT_FALSE(ImageStore(cfg).get(a.id));
    engine::content::Store cs = engine::content::Store::for_config(cfg);
    EXPECT_TRUE(cs.list().empty());
    EXPECT_TRUE(engine::snapshot::Snapshotter::for_config(cfg).list().empty());
}

TEST_F(ImageStoreTest, RmiRefusesImagesInUseAndMultiRepoIdsWithoutForce) {
    auto a = add_image("a", {"docker.io/library/a:1", "docker.io/library/b:1"});
    EXPECT_NE(error_of([&] { engine::image_remove(cfg, {a.id, false}); })
                  .find("image is referenced in multiple repositories"),
              std::string::npos);
    add_container("c1", a.id, false);
    engine::image_remove(cfg, {"b:1", false});  // another name remains: just untag
    const std::string msg = error_of([&] { engine::image_remove(cfg, {"a:1", false}); });
    EXPECT_NE(msg.find("conflict: unable to remove repository reference \"a:1\" (must force)"), std::string::npos) << msg;
    EXPECT_NE(error_of([&] { engine::image_remove(cfg, {a.id, false}); }).find("stopped container"), std::string::npos);
    // Forced: the names go, the image and its layers stay for the container.
    engine::image_remove(cfg, {a.id, true});
    EXPECT_TRUE(ImageStore(cfg).get(a.id));
    EXPECT_TRUE(ImageStore(cfg).refs_of(a.id).empty());
    EXPECT_EQ(engine::snapshot::Snapshotter::for_config(cfg).list().size(), 1u);
    add_container("c2", a.id, true);
    EXPECT_NE(error_of([&] { engine::image_remove(cfg, {a.id, true}); }).find("cannot be forced"), std::string::npos);
    // prune -a keeps it too.
    engine::image_prune(cfg, {true, {}});
    EXPECT_TRUE(ImageStore(cfg).get(a.id));
}

TEST_F(ImageStoreTest, ListFiltersLikeDocker) {
    auto a = add_image("a", {"docker.io/library/alpine:1"}, 100);
    auto b = add_image("b", {"example.com/team/app:2"}, 200);
    auto c = add_image("c", {}, 300);
    auto ids = [&](std::vector<std::string> filters) {
        std::vector<std::string> out;
        for (const auto& s : engine::image_list(cfg, {false, std::move(filters)})) out.push_back(s.id);
        return out;
    };
    EXPECT_EQ(ids({}), (std::vector<std::string>{c.id, b.id, a.id}));  // newest first
    EXPECT_EQ(ids({"dangling=true"}), std::vector<std::string>{c.id});
    EXPECT_EQ(ids({"dangling=false"}), (std::vector<std::string>{b.id, a.id}));
    EXPECT_EQ(ids({"reference=alpine"}), std::vector<std::string>{a.id});
    EXPECT_EQ(ids({"reference=example.com/*/app:2"}), std::vector<std::string>{b.id});
    EXPECT_EQ(ids({"reference=alpine", "reference=*/*/app"}), (std::vector<std::string>{b.id, a.id}));
    EXPECT_EQ(ids({"label=tier=b"}), std::vector<std::string>{b.id});
    EXPECT_EQ(ids({"before=example.com/team/app:2"}), std::vector<std::string>{a.id});
    EXPECT_EQ(ids({"since=alpine:1"}), (std::vector<std::string>{c.id, b.id}));
    EXPECT_THROW(ids({"bogus=1"}), Error);
}

TEST_F(ImageStoreTest, GcKeepsWhatImagesAndLeasesReferTo) {
    auto a = add_image("a", {"docker.io/library/a:1"});
    engine::content::Store cs = engine::content::Store::for_config(cfg);
    const std::string stray = cs.write_blob("stray");
    const std::string leased = cs.write_blob("leased");
    auto db = engine::meta::Database::open(cfg.database_path());
    db->prepare("INSERT INTO leases (id, expires, data) VALUES ('l1', ?1, ?2)")
        .bind(1, static_cast<int64_t>(::time(nullptr) + 3600))
        .bind(2, nlohmann::json({{"blobs", {leased}}}).dump())
        .run();
    auto report = engine::image::collect_garbage(cfg, *db);
    EXPECT_EQ(report.blobs, std::vector<std::string>{stray});
    EXPECT_TRUE(cs.exists(leased));
    EXPECT_TRUE(cs.exists(a.id));
    EXPECT_TRUE(cs.exists(a.layers[0].digest));
    EXPECT_EQ(engine::snapshot::Snapshotter::for_config(cfg).list().size(), 1u);
}

TEST_F(ImageStoreTest, InspectAndHistoryUseDockersShape) {
    auto a = add_image("a", {"docker.io/library/a:1"});
    auto j = engine::inspect_image(cfg, "a:1");
    EXPECT_EQ(j["Id"], a.id);
    EXPECT_EQ(j["RepoTags"], nlohmann::json::array({"a:1"}));
    EXPECT_EQ(j["RootFS"]["Layers"].size(), 1u);
    EXPECT_EQ(j["Os"], "linux");
    EXPECT_TRUE(j["Config"].contains("Cmd"));
    EXPECT_EQ(j["Config"]["Labels"]["tier"], "a");
    auto h = engine::image_history(cfg, "a:1");
    ASSERT_EQ(h.size(), 1u);
    EXPECT_EQ(h[0].id, a.id);
    EXPECT_EQ(h[0].size, 1);
}

}  // namespace
}  // namespace tug
