// Bearer token auth and redirects against a small scripted HTTP server on loopback (no
// token server ships with Debian's docker-registry): challenge -> token with basic
// credentials -> retry, tokens cached per scope, Authorization not sent to another host.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/content/store.hpp"
#include "engine/registry/client.hpp"
#include "engine/registry/credentials.hpp"

using namespace tug::engine;
namespace fs = std::filesystem;

namespace {

struct Request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // lower-case names
};

// One connection per request (Connection: close), handled in order on one thread.
class ScriptedServer {
  public:
    using Handler = std::function<std::string(const Request&)>;  // returns the full response

    explicit ScriptedServer(Handler h) : handler_(std::move(h)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd_, 16);
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { loop(); });
    }
    ~ScriptedServer() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    int port() const { return port_; }
    std::vector<Request> requests() {
        std::lock_guard l(mu_);
        return seen_;
    }

  private:
    void loop() {
        while (!stop_) {
            int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) return;
            std::string buf;
            char tmp[4096];
            while (buf.find("\r\n\r\n") == std::string::npos) {
                ssize_t n = ::read(c, tmp, sizeof tmp);
                if (n <= 0) break;
                buf.append(tmp, static_cast<size_t>(n));
                if (buf[0] == 0x16) break;  // a TLS ClientHello: we only speak HTTP
            }
            if (buf.empty() || buf[0] == 0x16) {
                ::close(c);
                continue;
            }
            Request r;
            const size_t eol = buf.find("\r\n");
            std::string line = buf.substr(0, eol);
            r.method = line.substr(0, line.find(' '));
            r.target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
            size_t pos = eol + 2;
            while (pos < buf.size()) {
                const size_t e = buf.find("\r\n", pos);
                if (e == pos || e == std::string::npos) break;
                std::string h = buf.substr(pos, e - pos);
                std::string name = h.substr(0, h.find(':'));
                for (char& ch : name)
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                r.headers[name] = h.substr(h.find(':') + 2);
                pos = e + 2;
            }
            {
                std::lock_guard l(mu_);
                seen_.push_back(r);
            }
            const std::string resp = handler_(r);
            (void)!::write(c, resp.data(), resp.size());
            ::close(c);
        }
    }
    Handler handler_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mu_;
    std::vector<Request> seen_;
};

std::string response(int status, const std::string& body,
                     const std::vector<std::string>& headers = {}) {
    std::string out = "HTTP/1.1 " + std::to_string(status) +
                      " X\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n";
    for (const auto& h : headers)
        out += h + "\r\n";
    return out + "\r\n" + body;
}

class TokenAuth : public ::testing::Test {
  protected:
    void SetUp() override {
        config_.docker_config_dir = tmp_.path() + "/docker";
        config_.registry_config_dir = tmp_.path() + "/certs.d";
        config_.data_root = tmp_.path() + "/root";
    }
    tug::base::TempDir tmp_{fs::temp_directory_path().string(), "tug-token-"};
    EngineConfig config_;
};

TEST_F(TokenAuth, ChallengeTokenRetryAndCachePerScope) {
    std::string token_realm;
    std::atomic<int> tokens_issued{0};
    ScriptedServer reg([&](const Request& r) {
        if (r.target.starts_with("/token")) {
            // Basic credentials from config.json: u:pw
            if (r.headers.count("authorization") == 0 ||
                r.headers.at("authorization") != "Basic dTpwdw==") {
                return response(401, R"({"details":"incorrect username or password"})");
            }
            ++tokens_issued;
            const std::string scope = r.target.substr(r.target.find("scope=") + 6);
            return response(200, R"({"token":"tok-)" + scope + R"(","expires_in":300})");
        }
        const auto auth = r.headers.find("authorization");
        if (auth == r.headers.end() || !auth->second.starts_with("Bearer tok-")) {
            return response(
                401, R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})",
                {"WWW-Authenticate: Bearer realm=\"" + token_realm + "\",service=\"unit\""});
        }
        return response(200, R"({"tags":["a"]})");
    });
    token_realm = "http://127.0.0.1:" + std::to_string(reg.port()) + "/token";
    registry::store_credentials("127.0.0.1:" + std::to_string(reg.port()), {"u", "pw", {}},
                                registry::credential_store(config_));
    config_.insecure_registries = {"127.0.0.1:" + std::to_string(reg.port())};

    registry::Client c(config_, "127.0.0.1:" + std::to_string(reg.port()));
    EXPECT_EQ(c.list_tags("a/b"), std::vector<std::string>{"a"});
    EXPECT_EQ(c.list_tags("a/b"), std::vector<std::string>{"a"});
    EXPECT_EQ(tokens_issued.load(), 1) << "token cached for its scope";
    EXPECT_EQ(c.list_tags("c/d"), std::vector<std::string>{"a"});
    EXPECT_EQ(tokens_issued.load(), 2) << "another repository, another scope";

    auto reqs = reg.requests();
    bool saw_scope = false;
    for (const auto& r : reqs) {
        if (r.target.starts_with("/token")) {
            EXPECT_NE(r.target.find("service=unit"), std::string::npos);
            saw_scope |= r.target.find("scope=repository%3Aa%2Fb%3Apull") != std::string::npos;
        }
    }
    EXPECT_TRUE(saw_scope);
}

TEST_F(TokenAuth, RedirectToStorageDropsAuthorization) {
    const std::string blob = "layer bytes for storage";
    const std::string digest = content::sha256_digest(blob);
    ScriptedServer storage([&](const Request&) { return response(200, blob); });
    ScriptedServer reg([&](const Request& r) {
        if (r.headers.count("authorization") == 0) {
            return response(401, "", {"WWW-Authenticate: Basic realm=\"unit\""});
        }
        return response(307, "",
                        {"Location: http://localhost:" + std::to_string(storage.port()) + "/s/" +
                         digest.substr(7)});
    });
    const std::string host = "127.0.0.1:" + std::to_string(reg.port());
    registry::store_credentials(host, {"u", "pw", {}}, registry::credential_store(config_));
    config_.insecure_registries = {host};
    registry::Client c(config_, host);
    content::Store store(tmp_.path() + "/content");
    auto w = store.writer(digest, static_cast<int64_t>(blob.size()));
    c.fetch_blob(
        "x/y", {"application/octet-stream", digest, static_cast<int64_t>(blob.size()), {}, {}, {}},
        w);
    EXPECT_EQ(store.read_blob(digest), blob);
    auto sreqs = storage.requests();
    ASSERT_EQ(sreqs.size(), 1u);
    EXPECT_EQ(sreqs[0].headers.count("authorization"), 0u)
        << "credentials leaked to the storage host";
}

TEST_F(TokenAuth, RefusedTokenIsUnauthenticated) {
    std::string host;
    ScriptedServer reg([&](const Request& r) {
        if (r.target.starts_with("/token"))
            return response(401, R"({"details":"incorrect username or password"})");
        return response(401, "", {"WWW-Authenticate: Bearer realm=\"http://" + host + "/token\""});
    });
    host = "127.0.0.1:" + std::to_string(reg.port());
    config_.insecure_registries = {host};
    registry::Client c(config_, host);
    try {
        c.check_login("u", "bad");
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::Unauthenticated);
        EXPECT_EQ(e.message(), "fetch token: 401 incorrect username or password");
    }
}

TEST_F(TokenAuth, RetriesServerErrorsThenReportsThem) {
    std::atomic<int> calls{0};
    ScriptedServer reg([&](const Request&) {
        ++calls;
        return response(503, R"({"errors":[{"code":"UNAVAILABLE","message":"try later"}]})",
                        {"Retry-After: 0"});
    });
    const std::string host = "127.0.0.1:" + std::to_string(reg.port());
    config_.insecure_registries = {host};
    registry::Client c(config_, host);
    try {
        c.get_manifest("a/b", "latest");
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::Unavailable);
        EXPECT_EQ(e.message(), "fetch manifest: 503 unavailable: try later");
    }
    EXPECT_EQ(calls.load(), 3);
}

TEST_F(TokenAuth, DroppedDownloadResumesWithRange) {
    std::string blob;
    for (int i = 0; i < 200000; ++i)
        blob += static_cast<char>('a' + i % 23);
    const std::string digest = content::sha256_digest(blob);
    const size_t half = blob.size() / 2;
    std::atomic<int> calls{0};
    ScriptedServer reg([&](const Request& r) {
        ++calls;
        auto range = r.headers.find("range");
        if (range == r.headers.end()) {
            // Promise everything, send half, drop the connection.
            return "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " +
                   std::to_string(blob.size()) + "\r\n\r\n" + blob.substr(0, half);
        }
        const size_t from = std::stoul(range->second.substr(range->second.find('=') + 1));
        return response(206, blob.substr(from),
                        {"Content-Range: bytes " + std::to_string(from) + "-" +
                         std::to_string(blob.size() - 1) + "/" + std::to_string(blob.size())});
    });
    const std::string host = "127.0.0.1:" + std::to_string(reg.port());
    config_.insecure_registries = {host};
    registry::Client c(config_, host);
    content::Store store(tmp_.path() + "/content");
    auto w = store.writer(digest, static_cast<int64_t>(blob.size()));
    c.fetch_blob(
        "x/y", {"application/octet-stream", digest, static_cast<int64_t>(blob.size()), {}, {}, {}},
        w);
    EXPECT_EQ(store.read_blob(digest), blob);
    auto reqs = reg.requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[1].headers["range"], "bytes=" + std::to_string(half) + "-");
}

TEST_F(TokenAuth, RangeIgnoredRestartsFromZero) {
    const std::string blob = "0123456789abcdefghij";
    const std::string digest = content::sha256_digest(blob);
    ScriptedServer reg([&](const Request&) { return response(200, blob); });
    const std::string host = "127.0.0.1:" + std::to_string(reg.port());
    config_.insecure_registries = {host};
    registry::Client c(config_, host);
    content::Store store(tmp_.path() + "/content");
    { store.writer(digest, 20).write("0123456789"); }  // an interrupted earlier pull
    auto w = store.writer(digest, 20);
    ASSERT_EQ(w.committed_size(), 10);
    c.fetch_blob("x/y", {"application/octet-stream", digest, 20, {}, {}, {}}, w);
    EXPECT_EQ(store.read_blob(digest), blob);
    EXPECT_EQ(reg.requests().at(0).headers["range"], "bytes=10-");
}

TEST_F(TokenAuth, Schema1IsRejectedClearly) {
    ScriptedServer reg([&](const Request&) {
        return response(
            200, R"({"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]})",
            {"Content-Type: application/vnd.docker.distribution.manifest.v1+prettyjws"});
    });
    const std::string host = "127.0.0.1:" + std::to_string(reg.port());
    config_.insecure_registries = {host};
    registry::Client c(config_, host);
    try {
        c.get_manifest("x", "y");
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(),
                  "fetch manifest: unsupported manifest format: "
                  "application/vnd.docker.distribution.manifest.v1+json (schema 1)");
    }
}

// Parallel requests on a fresh client all meet the challenge at once; each must retry
// with credentials (a push checks its layers in parallel).
TEST_F(TokenAuth, ParallelRequestsAllAuthenticate) {
    ScriptedServer reg([&](const Request& r) {
        if (r.headers.count("authorization") == 0) {
            return response(
                401, R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})",
                {"WWW-Authenticate: Basic realm=\"unit\""});
        }
        return response(200, "", {"Docker-Content-Digest: x"});
    });
    const std::string host = "127.0.0.1:" + std::to_string(reg.port());
    registry::store_credentials(host, {"u", "pw", {}}, registry::credential_store(config_));
    config_.insecure_registries = {host};
    for (int round = 0; round < 5; ++round) {
        registry::Client c(config_, host);
        std::vector<std::thread> threads;
        std::atomic<int> ok{0};
        for (int i = 0; i < 6; ++i) {
            threads.emplace_back([&, i] {
                try {
                    if (c.blob_exists("x/y", content::sha256_digest(std::to_string(i)))) ++ok;
                } catch (const tug::Error&) {
                }
            });
        }
        for (auto& t : threads)
            t.join();
        EXPECT_EQ(ok.load(), 6) << "round " << round;
    }
}

}  // namespace
