// hosts.toml parsing (containerd's format), certs.d files, insecure hosts.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/registry/hosts.hpp"

using namespace tug::engine::registry;
namespace fs = std::filesystem;

namespace {

TEST(HostsToml, MirrorsInFileOrderThenServer) {
    const char* text = R"(
server = "https://registry-1.docker.io"

[host."https://zmirror.example.com"]
  capabilities = ["pull", "resolve"]
  ca = "mirror-ca.pem"

[host."http://amirror.local:5000"]
  capabilities = ["pull"]
  skip_verify = true
)";
    auto eps = parse_hosts_toml(text, "/d/hosts.toml", "/d", "https://docker.io");
    ASSERT_EQ(eps.size(), 3u);
    EXPECT_EQ(eps[0].base_url, "https://zmirror.example.com/v2");
    EXPECT_TRUE(eps[0].mirror);
    EXPECT_TRUE(eps[0].pull && eps[0].resolve && !eps[0].push);
    EXPECT_EQ(eps[0].tls.ca_files, std::vector<std::string>{"/d/mirror-ca.pem"});
    EXPECT_EQ(eps[1].base_url, "http://amirror.local:5000/v2");
    EXPECT_TRUE(eps[1].pull && !eps[1].resolve && !eps[1].push);
    EXPECT_TRUE(eps[1].tls.skip_verify);
    EXPECT_EQ(eps[2].base_url, "https://registry-1.docker.io/v2");
    EXPECT_FALSE(eps[2].mirror);
    EXPECT_TRUE(eps[2].pull && eps[2].resolve && eps[2].push);
}

TEST(HostsToml, PathsClientCertsAndOverridePath) {
    const char* text = R"(
server = "https://reg.example.com:8443"
ca = ["/etc/ca1.pem", "ca2.pem"]
client = [["client.cert", "client.key"]]

[host."https://proxy.example.com/v2/mirror"]
  override_path = true
  client = "/etc/both.pem"

[host."https://plain.example.com/prefix"]
)";
    auto eps = parse_hosts_toml(text, "/d/hosts.toml", "/d", "https://x");
    ASSERT_EQ(eps.size(), 3u);
    EXPECT_EQ(eps[0].base_url, "https://proxy.example.com/v2/mirror");
    EXPECT_EQ(eps[0].tls.client_cert, "/etc/both.pem");
    EXPECT_EQ(eps[0].tls.client_key, "/etc/both.pem");
    EXPECT_EQ(eps[1].base_url, "https://plain.example.com/prefix/v2");
    EXPECT_EQ(eps[2].base_url, "https://reg.example.com:8443/v2");
    EXPECT_EQ(eps[2].tls.ca_files, (std::vector<std::string>{"/etc/ca1.pem", "/d/ca2.pem"}));
    EXPECT_EQ(eps[2].tls.client_cert, "/d/client.cert");
    EXPECT_EQ(eps[2].tls.client_key, "/d/client.key");
}

TEST(HostsToml, DefaultServerAndErrors) {
    auto eps = parse_hosts_toml("", "/d/hosts.toml", "/d", "https://registry-1.docker.io");
    ASSERT_EQ(eps.size(), 1u);
    EXPECT_EQ(eps[0].base_url, "https://registry-1.docker.io/v2");
    try {
        parse_hosts_toml("[host.\"https://m\"]\ncapabilities = [\"fly\"]\n", "/d/hosts.toml", "/d",
                         "https://x");
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument);
        EXPECT_EQ(e.message(), "/d/hosts.toml:2: unknown capability \"fly\"");
    }
    EXPECT_THROW(parse_hosts_toml("server = [", "/d/hosts.toml", "/d", "https://x"), tug::Error);
    EXPECT_THROW(parse_hosts_toml("skip_verify = \"yes\"", "/d/hosts.toml", "/d", "https://x"),
                 tug::Error);
}

TEST(Hosts, InsecureRules) {
    EXPECT_TRUE(is_insecure_host("localhost", {}));
    EXPECT_TRUE(is_insecure_host("localhost:5000", {}));
    EXPECT_TRUE(is_insecure_host("127.0.0.1:5000", {}));
    EXPECT_TRUE(is_insecure_host("127.1.2.3", {}));
    EXPECT_TRUE(is_insecure_host("[::1]:5000", {}));
    EXPECT_FALSE(is_insecure_host("docker.io", {}));
    EXPECT_FALSE(is_insecure_host("10.0.0.5:5000", {}));
    EXPECT_TRUE(is_insecure_host("10.0.0.5:5000", {"10.0.0.0/8"}));
    EXPECT_TRUE(is_insecure_host("reg.lan:5000", {"reg.lan:5000"}));
    EXPECT_TRUE(is_insecure_host("reg.lan:5000", {"http://reg.lan:5000/"}));
    EXPECT_FALSE(is_insecure_host("reg.lan:5001", {"reg.lan:5000"}));
}

TEST(Hosts, ResolveWithCertsDAndInsecureFallback) {
    tug::base::TempDir tmp(fs::temp_directory_path().string(), "tug-hosts-");
    tug::engine::EngineConfig cfg;
    cfg.registry_config_dir = tmp.path();
    tug::base::make_dirs(tmp.path() + "/reg.example.com");
    tug::base::atomic_write_file(tmp.path() + "/reg.example.com/ca.crt", "x");
    tug::base::atomic_write_file(tmp.path() + "/reg.example.com/client.cert", "x");
    tug::base::atomic_write_file(tmp.path() + "/reg.example.com/client.key", "x");
    auto eps = resolve_endpoints(cfg, "reg.example.com");
    ASSERT_EQ(eps.size(), 1u);
    EXPECT_EQ(eps[0].base_url, "https://reg.example.com/v2");
    EXPECT_EQ(eps[0].tls.ca_files,
              std::vector<std::string>{tmp.path() + "/reg.example.com/ca.crt"});
    EXPECT_EQ(eps[0].tls.client_cert, tmp.path() + "/reg.example.com/client.cert");
    EXPECT_FALSE(eps[0].tls.skip_verify);

    eps = resolve_endpoints(cfg, "docker.io");
    ASSERT_EQ(eps.size(), 1u);
    EXPECT_EQ(eps[0].base_url, "https://registry-1.docker.io/v2");

    eps = resolve_endpoints(cfg, "127.0.0.1:5000");
    ASSERT_EQ(eps.size(), 2u);
    EXPECT_EQ(eps[0].base_url, "https://127.0.0.1:5000/v2");
    EXPECT_TRUE(eps[0].tls.skip_verify);
    EXPECT_EQ(eps[1].base_url, "http://127.0.0.1:5000/v2");

    // A CA in the loopback host's dir asks for verification: no fallback.
    tug::base::make_dirs(tmp.path() + "/127.0.0.1:5001");
    tug::base::atomic_write_file(tmp.path() + "/127.0.0.1:5001/ca.crt", "x");
    eps = resolve_endpoints(cfg, "127.0.0.1:5001");
    ASSERT_EQ(eps.size(), 1u);
    EXPECT_FALSE(eps[0].tls.skip_verify);
    // ... unless the host is listed insecure.
    cfg.insecure_registries = {"127.0.0.1:5001"};
    eps = resolve_endpoints(cfg, "127.0.0.1:5001");
    ASSERT_EQ(eps.size(), 2u);
    EXPECT_TRUE(eps[0].tls.skip_verify);
}

}  // namespace
