// Registry client operations on manifests and tags, and the login check.
#include "engine/registry/client.hpp"

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/reference/reference.hpp"
#include "engine/registry/session.hpp"

namespace tug::engine::registry {
namespace {

namespace mt = content::media_type;

constexpr size_t kMaxManifestSize = 4 << 20;

std::string join_accept(const std::vector<std::string>& accept) {
    std::string out = "Accept: ";
    for (size_t i = 0; i < accept.size(); ++i) {
        if (i > 0) out += ", ";
        out += accept[i];
    }
    return out;
}

std::string content_type(const HttpResponse& resp) {
    std::string ct = resp.header("content-type");
    ct = ct.substr(0, ct.find(';'));
    while (!ct.empty() && ct.back() == ' ')
        ct.pop_back();
    return ct;
}

[[noreturn]] void unsupported_schema1(const std::string& media_type) {
    throw Error(Errc::NotImplemented, "unsupported manifest format: " + media_type + " (schema 1)");
}

// The manifest's real media type: the Content-Type when specific, else what the body
// says (registries serving from plain storage answer application/json).
std::string manifest_media_type(const std::string& ct, const std::string& body) {
    if (ct == mt::kDockerManifestV1 || ct == mt::kDockerManifestV1Signed) {
        unsupported_schema1(std::string(mt::kDockerManifestV1));
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::InvalidArgument, std::string("invalid manifest: ") + e.what());
    }
    if (!j.is_object()) throw Error(Errc::InvalidArgument, "invalid manifest: not a JSON object");
    if (j.value("schemaVersion", 0) == 1) unsupported_schema1(std::string(mt::kDockerManifestV1));
    std::string from_body = j.contains("mediaType") && j["mediaType"].is_string()
                                ? j["mediaType"].get<std::string>()
                                : std::string();
    if (mt::is_index(ct) || mt::is_manifest(ct)) return ct;
    if (!from_body.empty()) return from_body;
    if (j.contains("manifests")) return std::string(mt::kOciIndex);
    if (j.contains("layers") || j.contains("config")) return std::string(mt::kOciManifest);
    return ct;
}

std::string manifest_path(const Endpoint& ep, const std::string& repo, const std::string& ref) {
    return ep.base_url + "/" + repo + "/manifests/" + ref;
}

}  // namespace

std::vector<std::string> default_manifest_accept() {
    return {std::string(mt::kOciIndex), std::string(mt::kOciManifest),
            std::string(mt::kDockerManifestList), std::string(mt::kDockerManifest)};
}

Client::Client(const EngineConfig& config, std::string host)
    : impl_(std::make_unique<Impl>(config, std::move(host))) {}
Client::~Client() = default;

const std::string& Client::host() const noexcept {
    return impl_->host;
}

Manifest Client::get_manifest(const std::string& repo, const std::string& ref,
                              const std::vector<std::string>& accept) {
    const std::string op = "fetch manifest";
    const Capability cap = reference::is_valid_digest(ref) ? Capability::Pull : Capability::Resolve;
    HttpResponse resp = impl_->send(cap, {pull_scope(repo)}, op, [&](const Endpoint& ep) {
        HttpRequest req;
        req.url = manifest_path(ep, repo, ref);
        req.headers.push_back(join_accept(accept));
        req.follow_redirects = true;
        return req;
    });
    if (resp.status != 200) throw http_error(op, resp.status, resp.body);
    if (resp.body.size() > kMaxManifestSize) {
        throw Error(Errc::InvalidArgument,
                    op + ": manifest too large (" + std::to_string(resp.body.size()) + " bytes)");
    }
    Manifest m;
    m.media_type =
        with_context(op, [&] { return manifest_media_type(content_type(resp), resp.body); });
    m.digest = content::sha256_digest(resp.body);
    if (reference::is_valid_digest(ref) && ref != m.digest) {
        throw Error(Errc::InvalidArgument,
                    op + ": digest mismatch: asked for " + ref + ", got " + m.digest);
    }
    m.bytes = std::move(resp.body);
    return m;
}

std::optional<content::Descriptor> Client::head_manifest(const std::string& repo,
                                                         const std::string& ref,
                                                         const std::vector<std::string>& accept) {
    const std::string op = "check manifest";
    HttpResponse resp =
        impl_->send(Capability::Resolve, {pull_scope(repo)}, op, [&](const Endpoint& ep) {
            HttpRequest req;
            req.method = "HEAD";
            req.url = manifest_path(ep, repo, ref);
            req.headers.push_back(join_accept(accept));
            req.follow_redirects = true;
            return req;
        });
    if (resp.status == 404) return std::nullopt;
    if (resp.status != 200) throw http_error(op, resp.status, resp.body);
    const std::string ct = content_type(resp);
    const std::string digest = resp.header("docker-content-digest");
    if (ct == mt::kDockerManifestV1 || ct == mt::kDockerManifestV1Signed) {
        unsupported_schema1(std::string(mt::kDockerManifestV1));
    }
    if (!reference::is_valid_digest(digest) || !digest.starts_with("sha256:") ||
        !(mt::is_index(ct) || mt::is_manifest(ct))) {
        // Not enough in the headers to trust: ask for the manifest itself.
        Manifest m = get_manifest(repo, ref, accept);
        return content::Descriptor{m.media_type, m.digest, static_cast<int64_t>(m.bytes.size()),
                                   {},           {},       {}};
    }
    content::Descriptor d;
    d.media_type = ct;
    d.digest = digest;
    const std::string len = resp.header("content-length");
    d.size = len.empty() ? -1 : std::atoll(len.c_str());
    return d;
}

std::string Client::put_manifest(const std::string& repo, const std::string& ref,
                                 const std::string& media_type, const std::string& bytes) {
    const std::string op = "put manifest";
    HttpResponse resp =
        impl_->send(Capability::Push, {push_scope(repo)}, op, [&](const Endpoint& ep) {
            HttpRequest req;
            req.method = "PUT";
            req.url = manifest_path(ep, repo, ref);
            req.headers.push_back("Content-Type: " + media_type);
            req.body = bytes;
            req.has_body = true;
            return req;
        });
    if (resp.status != 201 && resp.status != 200 && resp.status != 202) {
        throw http_error(op, resp.status, resp.body);
    }
    return content::sha256_digest(bytes);
}

std::vector<std::string> Client::list_tags(const std::string& repo) {
    const std::string op = "list tags";
    std::vector<std::string> tags;
    std::string next;  // a Link URL, relative to the endpoint's origin
    for (int page = 0; page < 1000; ++page) {
        HttpResponse resp =
            impl_->send(Capability::Resolve, {pull_scope(repo)}, op, [&](const Endpoint& ep) {
                HttpRequest req;
                req.url = next.empty() ? ep.base_url + "/" + repo + "/tags/list"
                                       : resolve_url(ep.base_url, next);
                req.follow_redirects = true;
                return req;
            });
        if (resp.status != 200) throw http_error(op, resp.status, resp.body);
        try {
            auto j = nlohmann::json::parse(resp.body);
            if (j.contains("tags") && j["tags"].is_array()) {
                for (const auto& t : j["tags"]) {
                    if (t.is_string()) tags.push_back(t.get<std::string>());
                }
            }
        } catch (const nlohmann::json::exception& e) {
            throw Error(Errc::InvalidArgument, op + ": invalid response: " + e.what());
        }
        // Link: </v2/x/tags/list?last=a&n=100>; rel="next"
        const std::string link = resp.header("link");
        const size_t lt = link.find('<');
        const size_t gt = link.find('>');
        if (lt == std::string::npos || gt == std::string::npos ||
            link.find("rel=\"next\"") == std::string::npos) {
            break;
        }
        next = link.substr(lt + 1, gt - lt - 1);
    }
    return tags;
}

void Client::check_login(const std::string& username, const std::string& password) {
    {
        std::lock_guard lock(impl_->mu);
        impl_->creds = AuthConfig{username, password, {}};
        impl_->creds_loaded = true;
        impl_->challenge.reset();
        impl_->tokens.clear();
    }
    std::string url;
    HttpResponse resp = impl_->send(Capability::Resolve, {}, "connect", [&](const Endpoint& ep) {
        HttpRequest req;
        req.url = ep.base_url + "/";
        url = req.url;
        return req;
    });
    if (resp.status == 200) return;
    Error e = http_error("login attempt to " + url + " failed", resp.status, resp.body);
    if (resp.status == 401 || resp.status == 403) throw Error(Errc::Unauthenticated, e.message());
    throw e;
}

}  // namespace tug::engine::registry
