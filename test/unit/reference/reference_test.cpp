// Reference normalization, checked against distribution/reference's documented cases.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/reference/reference.hpp"

using tug::engine::reference::is_valid_digest;
using tug::engine::reference::parse_named;
using tug::engine::reference::parse_reference;

namespace {

const std::string kDigest =
    "sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b";

std::string normalized(const std::string& s) {
    return parse_reference(s).string();
}

std::string error_of(const std::string& s) {
    try {
        parse_reference(s);
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument);
        return e.message();
    }
    return "no error";
}

TEST(Reference, NormalizesDockerHubNames) {
    EXPECT_EQ(normalized("alpine"), "docker.io/library/alpine:latest");
    EXPECT_EQ(normalized("debian"), "docker.io/library/debian:latest");
    EXPECT_EQ(normalized("library/debian"), "docker.io/library/debian:latest");
    EXPECT_EQ(normalized("docker/docker"), "docker.io/docker/docker:latest");
    EXPECT_EQ(normalized("docker.io/debian"), "docker.io/library/debian:latest");
    EXPECT_EQ(normalized("docker.io/library/debian"), "docker.io/library/debian:latest");
    EXPECT_EQ(normalized("index.docker.io/docker/docker"), "docker.io/docker/docker:latest");
    EXPECT_EQ(normalized("index.docker.io/debian"), "docker.io/library/debian:latest");
    EXPECT_EQ(normalized("user/app:1.0"), "docker.io/user/app:1.0");
    EXPECT_EQ(normalized("docker.io/library/foo/bar"), "docker.io/library/foo/bar:latest");
}

TEST(Reference, KeepsOtherDomains) {
    EXPECT_EQ(normalized("127.0.0.1:5000/docker/docker"), "127.0.0.1:5000/docker/docker:latest");
    EXPECT_EQ(normalized("127.0.0.1:5000/debian"), "127.0.0.1:5000/debian:latest");
    EXPECT_EQ(normalized("192.168.0.1:8/debian"), "192.168.0.1:8/debian:latest");
    EXPECT_EQ(normalized("host:5000/a/b:tag"), "host:5000/a/b:tag");
    EXPECT_EQ(normalized("localhost/x"), "localhost/x:latest");
    EXPECT_EQ(normalized("localhost:5000/foo"), "localhost:5000/foo:latest");
    EXPECT_EQ(normalized("[fc00::1]:5000/docker"), "[fc00::1]:5000/docker:latest");
    EXPECT_EQ(normalized("example.com/a.b/c_d/e__f/g-h---i"),
              "example.com/a.b/c_d/e__f/g-h---i:latest");
    // A first component without '.', ':' or upper case is a path, not a domain.
    EXPECT_EQ(normalized("foo/bar"), "docker.io/foo/bar:latest");
    // Upper case makes it a domain (docker's rule), and domains may have upper case.
    auto r = parse_reference("Docker/docker");
    EXPECT_EQ(r.domain, "Docker");
    EXPECT_EQ(r.path, "docker");
}

TEST(Reference, TagsAndDigests) {
    auto r = parse_reference("alpine@" + kDigest);
    EXPECT_EQ(r.tag, "");
    EXPECT_EQ(r.digest, kDigest);
    EXPECT_EQ(r.string(), "docker.io/library/alpine@" + kDigest);
    EXPECT_EQ(r.familiar(), "alpine@" + kDigest);
    EXPECT_EQ(r.tag_or_digest(), kDigest);

    r = parse_reference("host:5000/a:v1@" + kDigest);
    EXPECT_EQ(r.domain, "host:5000");
    EXPECT_EQ(r.path, "a");
    EXPECT_EQ(r.tag, "v1");
    EXPECT_EQ(r.digest, kDigest);
    EXPECT_EQ(r.string(), "host:5000/a:v1@" + kDigest);

    EXPECT_EQ(parse_reference("a:" + std::string(128, 'x')).tag.size(), 128u);
    EXPECT_EQ(parse_named("alpine").tag, "");
}

TEST(Reference, FamiliarForms) {
    EXPECT_EQ(parse_reference("docker.io/library/ubuntu").familiar(), "ubuntu:latest");
    EXPECT_EQ(parse_reference("docker.io/library/ubuntu").familiar_name(), "ubuntu");
    EXPECT_EQ(parse_reference("docker.io/foo/bar:1").familiar(), "foo/bar:1");
    EXPECT_EQ(parse_reference("docker.io/library/foo/bar").familiar_name(), "library/foo/bar");
    EXPECT_EQ(parse_reference("localhost:5000/foo").familiar(), "localhost:5000/foo:latest");
    EXPECT_EQ(parse_reference("alpine").repository(), "docker.io/library/alpine");
}

TEST(Reference, RegistryHost) {
    EXPECT_EQ(parse_reference("alpine").registry_host(), "registry-1.docker.io");
    EXPECT_EQ(parse_reference("127.0.0.1:5000/x").registry_host(), "127.0.0.1:5000");
}

TEST(Reference, RejectsMalformedInput) {
    EXPECT_EQ(error_of("Alpine"),
              "invalid reference format: repository name (library/Alpine) must be lowercase");
    EXPECT_EQ(error_of("docker.io/docker/Docker"),
              "invalid reference format: repository name (docker/Docker) must be lowercase");
    EXPECT_EQ(error_of("Uppercase:tag"),
              "invalid reference format: repository name (library/Uppercase) must be lowercase");
    for (const char* bad :
         {"https://github.com/docker/docker", "-docker", "-docker/docker",
          "docker:///docker/docker", "docker.io/docker///docker", "foo:", "foo@", "a/b:t:u", "a b",
          "[fc00::1]", "alpine:-tag", "/alpine", "alpine/", "a..b"}) {
        EXPECT_EQ(error_of(bad).rfind("invalid reference format", 0), 0u)
            << bad << ": " << error_of(bad);
    }
    EXPECT_EQ(error_of(""), "invalid reference format");
    EXPECT_EQ(error_of("a:" + std::string(129, 'x')), "invalid reference format");
    const std::string hex64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
    EXPECT_EQ(error_of(hex64), "invalid repository name (" + hex64 +
                                   "), cannot specify 64-byte hexadecimal strings");
    EXPECT_EQ(error_of("a@sha256:abcd"), "invalid reference format");  // hex too short
    EXPECT_EQ(error_of("a@sha256:" + std::string(65, 'a')), "invalid checksum digest length");
    EXPECT_EQ(error_of("a@md5:" + std::string(32, 'a')), "unsupported digest algorithm");
    EXPECT_EQ(error_of(std::string(256, 'a')),
              "invalid reference format: repository name must not be more than 255 characters");
    // 64 non-hex characters are a fine name.
    EXPECT_EQ(error_of("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"),
              "no error");
}

TEST(Reference, DigestValidation) {
    EXPECT_TRUE(is_valid_digest(kDigest));
    EXPECT_FALSE(is_valid_digest("sha256:" + std::string(63, 'a')));
    EXPECT_FALSE(is_valid_digest("sha256:" + std::string(64, 'A')));
    EXPECT_FALSE(is_valid_digest("md5:abc"));
    EXPECT_FALSE(is_valid_digest("sha256"));
}

}  // namespace
