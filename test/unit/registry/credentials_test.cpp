// docker config.json credentials: auths forms, key matching, helpers, store/erase.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/registry/credentials.hpp"

using namespace tug::engine::registry;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

TEST(Credentials, ServerNormalization) {
    EXPECT_EQ(normalize_server(""), "docker.io");
    EXPECT_EQ(normalize_server("docker.io"), "docker.io");
    EXPECT_EQ(normalize_server("https://index.docker.io/v1/"), "docker.io");
    EXPECT_EQ(normalize_server("registry-1.docker.io"), "docker.io");
    EXPECT_EQ(normalize_server("https://127.0.0.1:5000/v2/"), "127.0.0.1:5000");
    EXPECT_EQ(normalize_server("localhost:5000"), "localhost:5000");
    EXPECT_EQ(credential_key("docker.io"), "https://index.docker.io/v1/");
    EXPECT_EQ(credential_key("localhost:5000"), "localhost:5000");
}

TEST(Credentials, AuthsForms) {
    json cfg = {{"auths",
                 {{"https://index.docker.io/v1/", {{"auth", "dXNlcjpwYTpzcw=="}}},  // user:pa:ss
                  {"https://reg.example.com:5000/", {{"username", "u2"}, {"password", "p2"}}},
                  {"tok.example.com", {{"auth", ""}, {"identitytoken", "refresh"}}},
                  {"empty.example.com", json::object()}}}};
    auto a = lookup_credentials_in(cfg, "docker.io", {});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->username, "user");
    EXPECT_EQ(a->password, "pa:ss");
    a = lookup_credentials_in(cfg, "reg.example.com:5000", {});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->username, "u2");
    EXPECT_EQ(a->password, "p2");
    a = lookup_credentials_in(cfg, "tok.example.com", {});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->identity_token, "refresh");
    EXPECT_FALSE(lookup_credentials_in(cfg, "empty.example.com", {}));
    EXPECT_FALSE(lookup_credentials_in(cfg, "other.example.com", {}));
    EXPECT_FALSE(lookup_credentials_in(json::object(), "docker.io", {}));
    json bad = {{"auths", {{"x.io", {{"auth", "bm9jb2xvbg=="}}}}}};  // "nocolon"
    EXPECT_THROW(lookup_credentials_in(bad, "x.io", {}), tug::Error);
}

class CredentialFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = tmp_.path() + "/docker/config.json";
        // A credential helper speaking docker's protocol, storing into files.
        const std::string bin = tmp_.path() + "/bin";
        tug::base::make_dirs(bin);
        const std::string store = tmp_.path() + "/helper-store";
        tug::base::make_dirs(store);
        tug::base::atomic_write_file(bin + "/docker-credential-unittest", R"SH(#!/bin/sh
store=)SH" + store + R"SH(
case "$1" in
get) read -r url; f="$store/$(echo "$url" | tr '/:' '__')"
     if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
store) json=$(cat); url=$(echo "$json" | sed 's/.*"ServerURL":"\([^"]*\)".*/\1/')
     echo "$json" > "$store/$(echo "$url" | tr '/:' '__')" ;;
erase) read -r url; rm "$store/$(echo "$url" | tr '/:' '__')" || exit 1 ;;
esac
)SH",
                                     0755);
        // Helpers are found in the store's search path, never in this process's PATH.
        store_.helper_env.search_path.insert(store_.helper_env.search_path.begin(), bin);
        store_.config_path = path_;
    }

    tug::base::TempDir tmp_{fs::temp_directory_path().string(), "tug-creds-"};
    std::string path_;
    CredentialStore store_;
};

TEST_F(CredentialFiles, StoreKeepsOtherKeysAndUsesMode0600) {
    tug::base::make_dirs(tmp_.path() + "/docker");
    tug::base::atomic_write_file(
        path_, R"({"psFormat":"table {{.ID}}","auths":{"a.io":{"auth":"YTpi"}}})");
    EXPECT_EQ(store_credentials("127.0.0.1:5000", {"user", "secret", {}}, store_), path_);
    struct stat st {};
    ASSERT_EQ(::stat(path_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    json j = json::parse(tug::base::read_file(path_));
    EXPECT_EQ(j["psFormat"], "table {{.ID}}");
    EXPECT_EQ(j["auths"]["a.io"]["auth"], "YTpi");
    EXPECT_EQ(j["auths"]["127.0.0.1:5000"]["auth"], "dXNlcjpzZWNyZXQ=");
    auto a = lookup_credentials("127.0.0.1:5000", store_);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->password, "secret");
    EXPECT_TRUE(erase_credentials("127.0.0.1:5000", store_));
    EXPECT_FALSE(lookup_credentials("127.0.0.1:5000", store_));
    EXPECT_FALSE(erase_credentials("127.0.0.1:5000", store_));
    EXPECT_TRUE(lookup_credentials("a.io", store_));
}

TEST_F(CredentialFiles, MissingConfigMeansNoCredentials) {
    EXPECT_FALSE(lookup_credentials("docker.io", store_));
    store_credentials("docker.io", {"me", "pw", {}}, store_);
    json j = json::parse(tug::base::read_file(path_));
    EXPECT_TRUE(j["auths"].contains("https://index.docker.io/v1/"));
}

TEST_F(CredentialFiles, CredsStoreAndCredHelpers) {
    tug::base::make_dirs(tmp_.path() + "/docker");
    tug::base::atomic_write_file(path_, R"({"credsStore":"unittest"})");
    EXPECT_FALSE(lookup_credentials("reg.io", store_));
    EXPECT_EQ(store_credentials("reg.io", {"hu", "hp", {}}, store_), "docker-credential-unittest");
    auto a = lookup_credentials("reg.io", store_);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->username, "hu");
    EXPECT_EQ(a->password, "hp");
    // The secret stays in the helper.
    EXPECT_EQ(tug::base::read_file(path_).find("hp"), std::string::npos);
    EXPECT_TRUE(erase_credentials("reg.io", store_));
    EXPECT_FALSE(lookup_credentials("reg.io", store_));

    // credHelpers for one host wins over auths; a missing helper is an error naming it.
    tug::base::atomic_write_file(path_,
                                 R"({"credHelpers":{"h.io":"unittest","bad.io":"nonexistent"},
        "auths":{"h.io":{"auth":"YTpi"}}})");
    store_credentials("h.io", {"", "", "idtok"}, store_);
    a = lookup_credentials("h.io", store_);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->identity_token, "idtok");
    try {
        lookup_credentials("bad.io", store_);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_NE(e.message().find("docker-credential-nonexistent"), std::string::npos)
            << e.message();
    }
}

}  // namespace
