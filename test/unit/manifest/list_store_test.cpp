// Unit tests: local manifest list files (docker's names and JSON), base64, list JSON.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/manifest/list_store.hpp"

namespace tug::engine::manifest {
namespace {

TEST(ManifestList, EscapeLikeDocker) {
    EXPECT_EQ(escape_name("127.0.0.1:5000/lib/app:1.0"), "127.0.0.1-5000_lib_app-1.0");
}

TEST(ManifestList, Base64RoundTrip) {
    for (std::string s : {"", "a", "ab", "abc", "abcd", "{\"schemaVersion\":2}"}) EXPECT_EQ(base64_decode(base64_encode(s)), s);
    EXPECT_EQ(base64_encode("abc"), "YWJj");
}

Entry entry(const std::string& ref, const std::string& type, const std::string& arch) {
    Entry e;
    e.ref = ref;
    e.raw = "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}";
    e.descriptor = {type, content::sha256_digest(e.raw + arch), static_cast<int64_t>(e.raw.size())};
    e.descriptor.platform = content::Platform{arch, "linux", arch == "arm64" ? "v8" : "", "", {}};
    return e;
}

TEST(ManifestList, StorePutLoadRemove) {
    base::TempDir tmp("/tmp", "tug-manifest-test-");
    EngineConfig cfg;
    cfg.data_root = tmp.path();
    ListStore store(cfg);
    const std::string list = "127.0.0.1:5000/lib/app:1.0";
    EXPECT_FALSE(store.exists(list));
    EXPECT_THROW(store.load(list), Error);
    store.put(list, entry("127.0.0.1:5000/lib/app:amd64", "application/vnd.oci.image.manifest.v1+json", "amd64"));
    store.put(list, entry("127.0.0.1:5000/lib/app:arm64", "application/vnd.oci.image.manifest.v1+json", "arm64"));
    auto entries = store.load(list);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[1].descriptor.platform->variant, "v8");
    EXPECT_EQ(entries[0].raw, entry("x", "", "amd64").raw);

    auto j = list_json(entries);
    EXPECT_EQ(j["mediaType"], "application/vnd.oci.image.index.v1+json");
    EXPECT_EQ(j["manifests"][1]["platform"]["architecture"], "arm64");
    EXPECT_EQ(j.dump(), list_json(store.load(list)).dump());  // deterministic

    auto v = image_manifest_json(entries[0]);
    EXPECT_EQ(v.begin().key(), "Ref");
    EXPECT_TRUE(v.contains("OCIManifest"));
    store.remove(list);
    EXPECT_FALSE(store.exists(list));
}

TEST(ManifestList, DockerListWhenAnyEntryIsDocker) {
    std::vector<Entry> es{entry("a", "application/vnd.docker.distribution.manifest.v2+json", "amd64"),
                          entry("b", "application/vnd.oci.image.manifest.v1+json", "arm64")};
    EXPECT_EQ(list_json(es)["mediaType"], "application/vnd.docker.distribution.manifest.list.v2+json");
}

}  // namespace
}  // namespace tug::engine::manifest
