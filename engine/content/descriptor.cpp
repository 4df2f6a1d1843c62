// Descriptor/platform JSON, media type predicates and sha256 digests (OpenSSL EVP).
#include "engine/content/descriptor.hpp"

#include <openssl/evp.h>

#include <utility>

#include "engine/base/error.hpp"
#include "engine/lazy/openssl.hpp"
#include "engine/reference/reference.hpp"

namespace tug::engine {

void to_json(nlohmann::json& j, const Platform& p) {
    j = nlohmann::json::object();
    j["architecture"] = p.architecture;
    j["os"] = p.os;
    if (!p.os_version.empty()) j["os.version"] = p.os_version;
    if (!p.os_features.empty()) j["os.features"] = p.os_features;
    if (!p.variant.empty()) j["variant"] = p.variant;
}

void from_json(const nlohmann::json& j, Platform& p) {
    p = Platform{};
    p.architecture = j.value("architecture", "");
    p.os = j.value("os", "");
    p.variant = j.value("variant", "");
    p.os_version = j.value("os.version", "");
    if (auto it = j.find("os.features"); it != j.end() && it->is_array()) {
        p.os_features = it->get<std::vector<std::string>>();
    }
}

}  // namespace tug::engine

namespace tug::engine::content {

namespace media_type {
bool is_index(std::string_view mt) {
    return mt == kOciIndex || mt == kDockerManifestList;
}
bool is_manifest(std::string_view mt) {
    return mt == kOciManifest || mt == kDockerManifest;
}
}  // namespace media_type

void to_json(nlohmann::json& j, const Descriptor& d) {
    j = nlohmann::json::object();
    j["mediaType"] = d.media_type;
    j["digest"] = d.digest;
    j["size"] = d.size < 0 ? 0 : d.size;
    if (!d.urls.empty()) j["urls"] = d.urls;
    if (!d.annotations.empty()) j["annotations"] = d.annotations;
    if (d.platform) j["platform"] = *d.platform;
}

void from_json(const nlohmann::json& j, Descriptor& d) {
    d = Descriptor{};
    d.media_type = j.value("mediaType", "");
    d.digest = j.value("digest", "");
    d.size = j.value("size", int64_t{-1});
    if (auto it = j.find("urls"); it != j.end() && it->is_array()) {
        d.urls = it->get<std::vector<std::string>>();
    }
    if (auto it = j.find("annotations"); it != j.end() && it->is_object()) {
        d.annotations = it->get<std::map<std::string, std::string>>();
    }
    if (auto it = j.find("platform"); it != j.end() && it->is_object()) {
        d.platform = it->get<Platform>();
    }
}

Sha256::Sha256() {
    EVP_MD_CTX* ctx = lazy::crypto().EVP_MD_CTX_new();
    if (ctx == nullptr ||
        lazy::crypto().EVP_DigestInit_ex(ctx, lazy::crypto().EVP_sha256(), nullptr) != 1) {
        lazy::crypto().EVP_MD_CTX_free(ctx);
        throw Error(Errc::Internal, "sha256: cannot initialise digest context");
    }
    ctx_ = ctx;
}

Sha256::~Sha256() {
    lazy::crypto().EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
}

Sha256::Sha256(Sha256&& o) noexcept : ctx_(std::exchange(o.ctx_, nullptr)) {}

Sha256& Sha256::operator=(Sha256&& o) noexcept {
    if (this != &o) {
        lazy::crypto().EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
        ctx_ = std::exchange(o.ctx_, nullptr);
    }
    return *this;
}

void Sha256::update(const void* data, size_t len) {
    if (len == 0) return;
    if (lazy::crypto().EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, len) != 1) {
        throw Error(Errc::Internal, "sha256: update failed");
    }
}

std::string Sha256::digest() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    auto* ctx = static_cast<EVP_MD_CTX*>(ctx_);
    if (lazy::crypto().EVP_DigestFinal_ex(ctx, md, &len) != 1 ||
        lazy::crypto().EVP_DigestInit_ex(ctx, lazy::crypto().EVP_sha256(), nullptr) != 1) {
        throw Error(Errc::Internal, "sha256: finalise failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "sha256:";
    for (unsigned i = 0; i < len; ++i) {
        out += kHex[md[i] >> 4];
        out += kHex[md[i] & 0xf];
    }
    return out;
}

std::string sha256_digest(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.digest();
}

std::string digest_hex(std::string_view digest) {
    if (!digest.starts_with("sha256:") || !reference::is_valid_digest(digest)) {
        throw Error(Errc::InvalidArgument, "invalid digest \"" + std::string(digest) + "\"");
    }
    return std::string(digest.substr(7));
}

}  // namespace tug::engine::content
