// OCI descriptors and platforms (the pointers manifests and indexes are made of), the
// media types tug understands, and sha256 digest helpers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/platform.hpp"

namespace tug::engine {

// Found by argument-dependent lookup, so declared in Platform's namespace.
void to_json(nlohmann::json& j, const Platform& p);
void from_json(const nlohmann::json& j, Platform& p);

}  // namespace tug::engine

namespace tug::engine::content {

namespace media_type {
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view kOciLayer = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view kOciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view kOciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view kOciLayerNondistGzip =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
inline constexpr std::string_view kDockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerManifestV1 =
    "application/vnd.docker.distribution.manifest.v1+json";
inline constexpr std::string_view kDockerManifestV1Signed =
    "application/vnd.docker.distribution.manifest.v1+prettyjws";
inline constexpr std::string_view kDockerConfig = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view kDockerLayerGzip =
    "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view kDockerForeignLayerGzip =
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

bool is_index(std::string_view mt);     // OCI index or Docker manifest list
bool is_manifest(std::string_view mt);  // OCI manifest or Docker schema 2 manifest
}  // namespace media_type

// The platform type lives in engine/api (image records carry it); its JSON form is here.
using Platform = engine::Platform;

struct Descriptor {
    std::string media_type;
    std::string digest;  // "sha256:<hex>"
    int64_t size = -1;   // -1: unknown
    std::vector<std::string> urls;
    std::map<std::string, std::string> annotations;
    std::optional<Platform> platform;  // index entries only
};

// JSON in OCI's field names (mediaType, digest, size, urls, annotations, platform with
// architecture/os/variant/os.version/os.features). Empty fields are omitted.
void to_json(nlohmann::json& j, const Descriptor& d);
void from_json(const nlohmann::json& j, Descriptor& d);

// Streaming sha256 (OpenSSL EVP).
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&& o) noexcept;
    Sha256& operator=(Sha256&& o) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t len);
    void update(std::string_view s) { update(s.data(), s.size()); }
    // "sha256:<hex>"; the hasher is reset afterwards.
    std::string digest();

  private:
    void* ctx_ = nullptr;  // EVP_MD_CTX
};

// "sha256:<hex>" of data.
std::string sha256_digest(std::string_view data);

// The hex part of a valid digest ("sha256:abc..." -> "abc..."). Throws InvalidArgument
// (naming the digest) for anything but a valid sha256 digest: it becomes a path.
std::string digest_hex(std::string_view digest);

}  // namespace tug::engine::content
