// The registry request loop: endpoint fallback (mirrors, HTTPS -> HTTP for insecure
// hosts), bearer/basic auth from challenges, token caching, retries with backoff.
#include "engine/registry/session.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <thread>

#include "engine/base/log.hpp"
#include "engine/lazy/openssl.hpp"

namespace tug::engine::registry {
namespace {

std::string join(const Scopes& scopes) {
    std::string out;
    for (const std::string& s : scopes) {
        if (!out.empty()) out += ' ';
        out += s;
    }
    return out;
}

bool has(const Endpoint& ep, Capability cap) {
    switch (cap) {
        case Capability::Pull:
            return ep.pull;
        case Capability::Resolve:
            return ep.resolve;
        case Capability::Push:
            return ep.push;
    }
    return false;
}

}  // namespace

std::string basic_authorization(const std::string& user, const std::string& password) {
    const std::string in = user + ":" + password;
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = lazy::crypto().EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                 reinterpret_cast<const unsigned char*>(in.data()),
                                                 static_cast<int>(in.size()));
    out.resize(static_cast<size_t>(n));
    return "Basic " + out;
}

bool is_retryable_status(long status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

void backoff(int attempt, const HttpResponse* resp) {
    auto delay = std::chrono::milliseconds(500 << (attempt - 1));
    if (resp != nullptr) {
        if (const std::string ra = resp->header("retry-after"); !ra.empty()) {
            char* end = nullptr;
            const long secs = std::strtol(ra.c_str(), &end, 10);
            if (end != ra.c_str() && *end == 0 && secs >= 0) {
                delay = std::chrono::milliseconds(std::min<long>(secs, 10) * 1000);
            }
        }
    }
    std::this_thread::sleep_for(delay);
}

Client::Impl::Impl(const EngineConfig& cfg, std::string h)
    : config(cfg), host(std::move(h)), endpoints(resolve_endpoints(cfg, host)) {}

const std::optional<AuthConfig>& Client::Impl::credentials() {
    // Called with mu held.
    if (!creds_loaded) {
        creds = lookup_credentials(host, credential_store(config));
        creds_loaded = true;
    }
    return creds;
}

std::vector<const Endpoint*> Client::Impl::endpoints_for(Capability cap) {
    std::vector<const Endpoint*> out;
    std::lock_guard lock(mu);
    for (const Endpoint& ep : endpoints) {
        if (has(ep, cap) && !dead_endpoints.contains(ep.base_url)) out.push_back(&ep);
    }
    if (out.empty()) {
        // Every endpoint failed before: try them all again rather than give up.
        for (const Endpoint& ep : endpoints) {
            if (has(ep, cap)) out.push_back(&ep);
        }
    }
    return out;
}

Token Client::Impl::fetch_token(const Endpoint& ep, const Challenge& ch, const Scopes& scopes,
                                const std::optional<AuthConfig>& c) {
    const std::string realm = ch.param("realm");
    if (realm.empty()) throw Error(Errc::Unauthenticated, "bearer challenge without a realm");
    HttpRequest req;
    const std::string service = ch.param("service");
    // The realm may be a token server on the registry itself (certs.d applies) or
    // elsewhere (system CAs only).
    const TlsConfig* tls = url_origin(realm) == url_origin(ep.base_url) ? &ep.tls : nullptr;
    req.tls = tls;
    req.follow_redirects = true;
    if (c && !c->identity_token.empty()) {
        // OAuth2 refresh-token grant, as docker does with identity tokens.
        req.method = "POST";
        req.url = realm;
        req.headers.push_back("Content-Type: application/x-www-form-urlencoded");
        req.body =
            "grant_type=refresh_token&client_id=tug&refresh_token=" + url_escape(c->identity_token);
        if (!service.empty()) req.body += "&service=" + url_escape(service);
        if (!scopes.empty()) req.body += "&scope=" + url_escape(join(scopes));
        req.has_body = true;
    } else {
        std::string url = realm;
        char sep = realm.find('?') == std::string::npos ? '?' : '&';
        if (!service.empty()) {
            url += sep + std::string("service=") + url_escape(service);
            sep = '&';
        }
        for (const std::string& s : scopes) {
            url += sep + std::string("scope=") + url_escape(s);
            sep = '&';
        }
        req.url = url;
        if (c && !c->username.empty())
            req.authorization = basic_authorization(c->username, c->password);
    }
    HttpResponse resp;
    for (int attempt = 1;; ++attempt) {
        try {
            resp = http.perform(req);
        } catch (const TransportError& e) {
            if (!e.retryable() || attempt >= 3)
                throw Error(e.code(), "fetch token: " + e.message());
            backoff(attempt, nullptr);
            continue;
        }
        if (is_retryable_status(resp.status) && attempt < 3) {
            backoff(attempt, &resp);
            continue;
        }
        break;
    }
    if (resp.status != 200) {
        Error e = http_error("fetch token", resp.status, resp.body);
        // A refused token request is a credentials problem whatever the status.
        if (resp.status == 401 || resp.status == 403)
            throw Error(Errc::Unauthenticated, e.message());
        throw e;
    }
    return parse_token_response(resp.body);
}

std::string Client::Impl::authorization(const Endpoint& ep, const Scopes& scopes,
                                        bool force_refresh) {
    std::unique_lock lock(mu);
    if (!challenge) return {};
    if (challenge->scheme == "basic") {
        const auto& c = credentials();
        if (!c || c->username.empty()) return {};
        return basic_authorization(c->username, c->password);
    }
    const std::string key = join(scopes);
    const auto now = std::chrono::steady_clock::now();
    if (!force_refresh) {
        if (auto it = tokens.find(key); it != tokens.end() && it->second.expires > now) {
            return "Bearer " + it->second.value;
        }
    }
    const Challenge ch = *challenge;
    const std::optional<AuthConfig> c = credentials();
    lock.unlock();
    // Token requests run unlocked: parallel layer downloads must not queue behind one.
    const Token t = fetch_token(ep, ch, scopes, c);
    lock.lock();
    // Renew a little early so a token never expires in flight.
    const auto margin = std::min(t.lifetime / 10, std::chrono::seconds(30));
    tokens[key] = CachedToken{t.value, now + t.lifetime - margin};
    return "Bearer " + t.value;
}

bool Client::Impl::handle_challenge(const HttpResponse& resp, const Scopes& scopes,
                                    const std::string& sent_authorization) {
    std::optional<Challenge> chosen;
    for (const std::string& h : resp.headers_named("www-authenticate")) {
        for (Challenge& ch : parse_www_authenticate(h)) {
            if (ch.scheme == "bearer") {
                chosen = ch;
                break;
            }
            if (ch.scheme == "basic" && !chosen) chosen = ch;
        }
        if (chosen && chosen->scheme == "bearer") break;
    }
    if (!chosen) return false;
    std::lock_guard lock(mu);
    if (chosen->scheme == "basic") {
        const auto& c = credentials();
        challenge = chosen;
        // Basic auth already sent and refused: new attempts would fail the same way.
        return c && !c->username.empty() && !sent_authorization.starts_with("Basic ");
    }
    challenge = chosen;
    // Drop the refused token only: a parallel request may have cached a newer one.
    const std::string key = join(scopes);
    if (auto it = tokens.find(key);
        it != tokens.end() && sent_authorization == "Bearer " + it->second.value) {
        tokens.erase(it);
    }
    return true;
}

HttpResponse Client::Impl::send(Capability cap, const Scopes& scopes, const std::string& op,
                                const MakeRequest& make, bool replayable) {
    const std::vector<const Endpoint*> eps = endpoints_for(cap);
    std::optional<Error> last;
    for (size_t k = 0; k < eps.size(); ++k) {
        const Endpoint& ep = *eps[k];
        const bool last_endpoint = k + 1 == eps.size();
        try {
            bool reauthed = false;
            for (int attempt = 1;; ++attempt) {
                HttpRequest req = make(ep);
                req.tls = &ep.tls;
                req.authorization = authorization(ep, scopes, false);
                HttpResponse resp;
                try {
                    resp = http.perform(req);
                } catch (const TransportError& e) {
                    if (e.tls() || !e.retryable() || !replayable || attempt >= 3) throw;
                    base::log_debug("registry: " + e.message() + "; retrying");
                    backoff(attempt, nullptr);
                    continue;
                }
                if (resp.status == 401 && !reauthed && replayable &&
                    handle_challenge(resp, scopes, req.authorization)) {
                    reauthed = true;
                    --attempt;  // an auth round trip is not a failure
                    continue;
                }
                if (is_retryable_status(resp.status) && replayable && attempt < 3) {
                    backoff(attempt, &resp);
                    continue;
                }
                if (ep.mirror && !last_endpoint && resp.status >= 400) {
                    base::log_debug("registry: mirror " + ep.base_url + ": " +
                                    describe_http_error(resp.status, resp.body) +
                                    "; trying the next host");
                    last = http_error(op, resp.status, resp.body);
                    break;
                }
                return resp;
            }
        } catch (const TransportError& e) {
            last = Error(e.code(), op + ": " + e.message());
            if (last_endpoint) throw *last;
            std::lock_guard lock(mu);
            dead_endpoints.insert(ep.base_url);
            base::log_debug("registry: " + e.message() + "; trying the next endpoint");
        }
    }
    if (last) throw *last;
    throw Error(Errc::Unavailable, op + ": no endpoint of " + host + " allows this operation");
}

}  // namespace tug::engine::registry
