// Client::Impl: one registry host's endpoints, credentials and tokens, and the request
// loop every operation goes through (endpoint fallback, auth challenges, retries).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/registry/auth.hpp"
#include "engine/registry/client.hpp"
#include "engine/registry/credentials.hpp"
#include "engine/registry/hosts.hpp"
#include "engine/registry/http.hpp"

namespace tug::engine::registry {

enum class Capability { Pull, Resolve, Push };

// What a request needs access to, as token scopes
// ("repository:a/b:pull", "repository:a/b:pull,push").
using Scopes = std::vector<std::string>;

inline std::string pull_scope(const std::string& repo) {
    return "repository:" + repo + ":pull";
}
inline std::string push_scope(const std::string& repo) {
    return "repository:" + repo + ":pull,push";
}

struct Client::Impl {
    Impl(const EngineConfig& config, std::string host);

    // Builds the request for one attempt against an endpoint's base URL (".../v2").
    // Called again for every retry, so it can rewind readers or add Range headers.
    using MakeRequest = std::function<HttpRequest(const Endpoint&)>;

    // Runs a request with auth on the endpoints having cap, in order, falling back to
    // the next on transport failures (and on any failure of a mirror). Retries 3 times
    // with backoff on dropped connections, 429 and 5xx when replayable. Returns the
    // final response, whatever its status; throws transport errors (prefixed with op).
    HttpResponse send(Capability cap, const Scopes& scopes, const std::string& op,
                      const MakeRequest& make, bool replayable = true);

    // Authorization header value for scopes, fetching a token when the registry is
    // known to want one. "" when anonymous.
    std::string authorization(const Endpoint& ep, const Scopes& scopes, bool force_refresh);
    // Learns from a 401 to a request sent with sent_authorization; returns whether
    // retrying with new credentials makes sense. Decided per request, not from shared
    // state: parallel requests learn the same challenge at the same time.
    bool handle_challenge(const HttpResponse& resp, const Scopes& scopes,
                          const std::string& sent_authorization);
    Token fetch_token(const Endpoint& ep, const Challenge& ch, const Scopes& scopes,
                      const std::optional<AuthConfig>& creds);
    const std::optional<AuthConfig>& credentials();

    std::vector<const Endpoint*> endpoints_for(Capability cap);

    EngineConfig config;
    std::string host;
    Http http;
    std::vector<Endpoint> endpoints;

    std::mutex mu;  // guards everything below
    bool creds_loaded = false;
    std::optional<AuthConfig> creds;
    std::optional<Challenge> challenge;  // bearer or basic, learned from a 401
    struct CachedToken {
        std::string value;
        std::chrono::steady_clock::time_point expires;
    };
    std::map<std::string, CachedToken> tokens;  // by space-joined scopes
    std::set<std::string> dead_endpoints;       // base URLs that failed at transport level
};

// Sleeps before retry number attempt (1, 2): 0.5s, 1s; longer when the registry asked
// (Retry-After, capped at 10s).
void backoff(int attempt, const HttpResponse* resp);

std::string basic_authorization(const std::string& user, const std::string& password);

bool is_retryable_status(long status);

}  // namespace tug::engine::registry
