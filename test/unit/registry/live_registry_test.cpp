// The client against a real docker-registry on 127.0.0.1 (skipped when Debian's
// docker-registry is not installed): blob upload, mount, resumable download, manifests,
// tags, errors, basic auth with config.json credentials.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/content/store.hpp"
#include "engine/registry/client.hpp"
#include "engine/registry/credentials.hpp"

using namespace tug::engine;
namespace fs = std::filesystem;

namespace {

int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
}

bool have(const char* prog) {
    return tug::base::run_capture({"sh", "-c", std::string("command -v ") + prog}, {}).exit_code ==
           0;
}

class LiveRegistry : public ::testing::Test {
  protected:
    void start(bool with_auth) {
        if (!have("docker-registry")) GTEST_SKIP() << "docker-registry not installed";
        if (with_auth && !have("htpasswd")) GTEST_SKIP() << "htpasswd not installed";
        const std::string dir = tmp_.path();
        std::string auth;
        if (with_auth) {
            auto r = tug::base::run_capture({"htpasswd", "-Bbn", "u", "pw"}, {});
            ASSERT_EQ(r.exit_code, 0);
            tug::base::atomic_write_file(dir + "/htpasswd", r.out);
            auth = "auth:\n  htpasswd:\n    realm: unit\n    path: " + dir + "/htpasswd\n";
        }
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = free_port();
            tug::base::atomic_write_file(
                dir + "/config.yml",
                "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: " +
                    dir + "/storage\nhttp:\n  addr: 127.0.0.1:" + std::to_string(port_) + "\n" +
                    auth);
            tug::base::SpawnOptions so;
            so.argv = {"docker-registry", "serve", dir + "/config.yml"};
            so.stdout_fd = tug::base::SpawnOptions::kDevNull;
            so.stderr_fd = tug::base::SpawnOptions::kDevNull;
            registry_ = tug::base::spawn(so);
            // Wait until it accepts connections (or exits: port taken).
            for (int i = 0; i < 200; ++i) {
                if (registry_.try_wait()) break;
                int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                sockaddr_in a{};
                a.sin_family = AF_INET;
                a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                a.sin_port = htons(static_cast<uint16_t>(port_));
                const bool up = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
                ::close(s);
                if (up) {
                    host_ = "127.0.0.1:" + std::to_string(port_);
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            }
            registry_.kill(SIGKILL);
            registry_.wait();
        }
        FAIL() << "docker-registry did not start";
    }

    void SetUp() override {
        config_.docker_config_dir = tmp_.path() + "/docker";
        config_.registry_config_dir = tmp_.path() + "/certs.d";
        config_.data_root = tmp_.path() + "/root";
    }
    void TearDown() override {
        if (registry_.pid() > 0) {
            registry_.kill(SIGTERM);
            registry_.wait();
        }
    }

    content::Descriptor put_blob(registry::Client& c, content::Store& store,
                                 const std::string& repo, const std::string& data,
                                 registry::PushResult want) {
        const std::string d = store.write_blob(data);
        content::Descriptor desc{
            "application/octet-stream", d, static_cast<int64_t>(data.size()), {}, {}, {}};
        auto reader = store.open_reader(d);
        int64_t last = 0;
        EXPECT_EQ(c.push_blob(repo, desc, reader, [&](int64_t done, int64_t) { last = done; }),
                  want);
        EXPECT_EQ(last, desc.size);
        return desc;
    }

    tug::base::TempDir tmp_{fs::temp_directory_path().string(), "tug-live-"};
    tug::base::ChildProcess registry_;
    int port_ = 0;
    std::string host_;
    EngineConfig config_;
};

TEST_F(LiveRegistry, BlobsManifestsTagsAndErrors) {
    start(false);
    if (host_.empty()) return;
    registry::Client c(config_, host_);
    content::Store store = content::Store::for_config(config_);

    const std::string layer(3 << 20, 'L');
    auto layer_desc = put_blob(c, store, "unit/app", layer, registry::PushResult::Uploaded);
    put_blob(c, store, "unit/app", layer, registry::PushResult::Exists);
    EXPECT_EQ(c.blob_exists("unit/app", layer_desc.digest), layer_desc.size);
    EXPECT_FALSE(c.blob_exists("unit/app", content::sha256_digest("nope")));

    // Cross-repository mount.
    auto reader = store.open_reader(layer_desc.digest);
    EXPECT_EQ(c.push_blob("unit/other", layer_desc, reader, {}, std::string("unit/app")),
              registry::PushResult::Mounted);

    const std::string cfg =
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
    auto cfg_desc = put_blob(c, store, "unit/app", cfg, registry::PushResult::Uploaded);
    cfg_desc.media_type = content::media_type::kOciConfig;
    layer_desc.media_type = content::media_type::kOciLayer;
    nlohmann::json m = {{"schemaVersion", 2},
                        {"mediaType", content::media_type::kOciManifest},
                        {"config", cfg_desc},
                        {"layers", nlohmann::json::array({layer_desc})}};
    const std::string bytes = m.dump();
    const std::string mdigest =
        c.put_manifest("unit/app", "v1", std::string(content::media_type::kOciManifest), bytes);
    EXPECT_EQ(mdigest, content::sha256_digest(bytes));

    auto got = c.get_manifest("unit/app", "v1");
    EXPECT_EQ(got.bytes, bytes);
    EXPECT_EQ(got.digest, mdigest);
    EXPECT_EQ(got.media_type, content::media_type::kOciManifest);
    EXPECT_EQ(c.get_manifest("unit/app", mdigest).bytes, bytes);
    auto head = c.head_manifest("unit/app", "v1");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->digest, mdigest);
    EXPECT_EQ(head->size, static_cast<int64_t>(bytes.size()));
    EXPECT_FALSE(c.head_manifest("unit/app", "nosuchtag"));
    c.put_manifest("unit/app", "v2", std::string(content::media_type::kOciManifest), bytes);
    auto tags = c.list_tags("unit/app");
    std::sort(tags.begin(), tags.end());
    EXPECT_EQ(tags, (std::vector<std::string>{"v1", "v2"}));
    EXPECT_EQ(c.fetch_blob_bytes("unit/app", cfg_desc), cfg);

    try {
        c.get_manifest("unit/app", "nosuchtag");
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::NotFound);
        EXPECT_EQ(e.message(), "fetch manifest: 404 manifest unknown");
    }

    // Download into a second store, resuming from a partial ingest.
    content::Store dst(tmp_.path() + "/dst");
    {
        auto w = dst.writer(layer_desc.digest, layer_desc.size);
        w.write(layer.substr(0, 1 << 20));
    }
    auto w = dst.writer(layer_desc.digest, layer_desc.size);
    EXPECT_EQ(w.committed_size(), 1 << 20);
    int64_t first_progress = -1;
    c.fetch_blob("unit/app", layer_desc, w, [&](int64_t done, int64_t) {
        if (first_progress < 0) first_progress = done;
    });
    EXPECT_EQ(first_progress, 1 << 20);
    EXPECT_NO_THROW(dst.verify(layer_desc.digest));

    // A blob the registry does not have: NotFound, nothing stored.
    content::Descriptor missing = cfg_desc;
    missing.digest = content::sha256_digest("something else");
    auto w2 = dst.writer(missing.digest, missing.size);
    try {
        c.fetch_blob("unit/app", missing, w2);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::NotFound);
        EXPECT_EQ(e.message(),
                  "fetch blob " + missing.digest + ": 404 blob unknown: blob unknown to registry");
    }
    EXPECT_FALSE(dst.exists(missing.digest));
}

TEST_F(LiveRegistry, BasicAuthWithConfigJsonCredentials) {
    start(true);
    if (host_.empty()) return;
    {
        registry::Client anon(config_, host_);
        try {
            anon.list_tags("unit/app");
            FAIL();
        } catch (const tug::Error& e) {
            EXPECT_EQ(e.code(), tug::Errc::Unauthenticated);
            EXPECT_EQ(e.message(), "list tags: 401 unauthorized: authentication required");
        }
        EXPECT_THROW(anon.check_login("u", "wrong"), tug::Error);
        EXPECT_NO_THROW(anon.check_login("u", "pw"));
    }
    registry::store_credentials(host_, {"u", "pw", {}}, registry::credential_store(config_));
    registry::Client c(config_, host_);
    content::Store store = content::Store::for_config(config_);
    put_blob(c, store, "unit/app", "authenticated blob", registry::PushResult::Uploaded);
    EXPECT_TRUE(c.blob_exists("unit/app", content::sha256_digest("authenticated blob")));
}

}  // namespace
