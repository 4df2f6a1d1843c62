// WWW-Authenticate parsing, token responses and registry error bodies, from responses
// recorded from Docker Hub, docker-registry and Harbor.
#include <gtest/gtest.h>

#include "engine/registry/auth.hpp"

using namespace tug::engine::registry;

namespace {

TEST(WwwAuthenticate, DockerHubBearer) {
    auto chs = parse_www_authenticate(
        R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull")");
    ASSERT_EQ(chs.size(), 1u);
    EXPECT_EQ(chs[0].scheme, "bearer");
    EXPECT_EQ(chs[0].param("realm"), "https://auth.docker.io/token");
    EXPECT_EQ(chs[0].param("service"), "registry.docker.io");
    EXPECT_EQ(chs[0].param("scope"), "repository:library/alpine:pull");
}

TEST(WwwAuthenticate, BasicFromHtpasswdRegistry) {
    auto chs = parse_www_authenticate(R"(Basic realm="tug-e2e")");
    ASSERT_EQ(chs.size(), 1u);
    EXPECT_EQ(chs[0].scheme, "basic");
    EXPECT_EQ(chs[0].param("realm"), "tug-e2e");
}

TEST(WwwAuthenticate, SeveralChallengesQuotesAndErrors) {
    auto chs = parse_www_authenticate(
        R"(Basic realm="a, \"quoted\" realm", Bearer realm="https://h/service/token", service="harbor-registry", scope="repository:p/a:pull,push", error="insufficient_scope")");
    ASSERT_EQ(chs.size(), 2u);
    EXPECT_EQ(chs[0].scheme, "basic");
    EXPECT_EQ(chs[0].param("realm"), "a, \"quoted\" realm");
    EXPECT_EQ(chs[1].scheme, "bearer");
    EXPECT_EQ(chs[1].param("service"), "harbor-registry");
    EXPECT_EQ(chs[1].param("scope"), "repository:p/a:pull,push");
    EXPECT_EQ(chs[1].param("error"), "insufficient_scope");
}

TEST(WwwAuthenticate, CaseAndUnquotedValues) {
    auto chs = parse_www_authenticate("BEARER Realm=https://x/token,Service=reg");
    ASSERT_EQ(chs.size(), 1u);
    EXPECT_EQ(chs[0].scheme, "bearer");
    EXPECT_EQ(chs[0].param("realm"), "https://x/token");
    EXPECT_EQ(chs[0].param("service"), "reg");
    EXPECT_TRUE(parse_www_authenticate("").empty());
}

TEST(TokenResponse, TokenAccessTokenAndLifetime) {
    auto t = parse_token_response(
        R"({"token":"abc","expires_in":300,"issued_at":"2024-01-01T00:00:00Z"})");
    EXPECT_EQ(t.value, "abc");
    EXPECT_EQ(t.lifetime, std::chrono::seconds(300));
    t = parse_token_response(R"({"access_token":"xyz"})");
    EXPECT_EQ(t.value, "xyz");
    EXPECT_EQ(t.lifetime, std::chrono::seconds(60));
    EXPECT_EQ(parse_token_response(R"({"token":"a","expires_in":5})").lifetime,
              std::chrono::seconds(60));
    EXPECT_THROW(parse_token_response("{}"), tug::Error);
    EXPECT_THROW(parse_token_response("<html>"), tug::Error);
}

TEST(ErrorBody, RegistryJsonErrors) {
    EXPECT_EQ(
        describe_http_error(
            401,
            R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository","Name":"x","Action":"pull"}]}]})"),
        "401 unauthorized: authentication required");
    EXPECT_EQ(
        describe_http_error(
            404,
            R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"y"}}]})"),
        "404 manifest unknown");
    EXPECT_EQ(
        describe_http_error(
            404,
            R"({"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]})"),
        "404 name unknown: repository name not known to registry");
    EXPECT_EQ(
        describe_http_error(
            400,
            R"({"errors":[{"code":"DIGEST_INVALID","message":"a"},{"code":"SIZE_INVALID","message":"b"}]})"),
        "400 digest invalid: a; size invalid: b");
    EXPECT_EQ(describe_http_error(401, R"({"details":"incorrect username or password"})"),
              "401 incorrect username or password");
    EXPECT_EQ(describe_http_error(502, "<html>bad gateway</html>"), "502 bad gateway");
    EXPECT_EQ(describe_http_error(418, ""), "418");
}

TEST(ErrorBody, ClassesFollowStatus) {
    EXPECT_EQ(http_error("fetch manifest", 401, "").code(), tug::Errc::Unauthenticated);
    EXPECT_EQ(http_error("fetch manifest", 403, "").code(), tug::Errc::PermissionDenied);
    EXPECT_EQ(http_error("fetch manifest", 404, "").code(), tug::Errc::NotFound);
    EXPECT_EQ(http_error("fetch manifest", 503, "").code(), tug::Errc::Unavailable);
    EXPECT_EQ(http_error("fetch manifest", 429, "").code(), tug::Errc::Unavailable);
    EXPECT_EQ(
        http_error("fetch manifest", 401,
                   R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})")
            .message(),
        "fetch manifest: 401 unauthorized: authentication required");
}

}  // namespace
