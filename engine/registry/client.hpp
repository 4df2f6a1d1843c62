// Registry client: the OCI distribution API / Docker registry v2 over libcurl, with
// docker's auth (anonymous, bearer tokens, basic), credentials from ~/.docker/config.json,
// endpoints and TLS from <registry_config_dir>/<host>/ (hosts.toml, ca.crt, client.*).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/content/descriptor.hpp"
#include "engine/content/store.hpp"

namespace tug::engine::registry {

struct Manifest {
    std::string media_type;
    std::string digest;  // verified when fetched by digest
    std::string bytes;   // exactly as served (digests are over these bytes)
};

// Called as bytes move: (bytes done, total or -1 when unknown). Throwing from it
// aborts the transfer with that error.
using ProgressFn = std::function<void(int64_t done, int64_t total)>;

enum class PushResult {
    Exists,    // the registry already had the blob
    Mounted,   // cross-repository mount
    Uploaded,  // bytes were sent
};

// Accept types for manifests: OCI index and manifest, Docker manifest list and
// schema 2 (schema 1 is rejected with "unsupported manifest format: ...").
std::vector<std::string> default_manifest_accept();

// Errors: tug::Error with the registry's own message, e.g. "fetch manifest: 401
// unauthorized: authentication required", "fetch manifest: 404 manifest unknown";
// class NotFound (404), Unauthenticated (401), PermissionDenied (403), Unavailable
// (5xx, 429, connection failures, after 3 tries), DeadlineExceeded (timeouts),
// InvalidArgument (400, digest mismatch). Callers prefix their own context
// ("pull 127.0.0.1:5000/x:y: ").
//
// Thread-safe: several threads may call one Client at once (parallel layer downloads);
// each call uses its own pooled libcurl handle, tokens are shared.
class Client {
  public:
    // host is a reference's domain: "docker.io" (API at registry-1.docker.io),
    // "127.0.0.1:5000", "localhost". Reads hosts.toml/certs and credentials lazily.
    Client(const EngineConfig& config, std::string host);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    const std::string& host() const noexcept;

    // GET /v2/<repo>/manifests/<ref>. When ref is a digest the bytes are verified
    // against it; otherwise the digest is Docker-Content-Digest or computed.
    Manifest get_manifest(const std::string& repo, const std::string& ref,
                          const std::vector<std::string>& accept = default_manifest_accept());
    // HEAD: the descriptor (media type, digest, size), or nullopt when the manifest is
    // unknown (404). Other errors throw.
    std::optional<content::Descriptor> head_manifest(
        const std::string& repo, const std::string& ref,
        const std::vector<std::string>& accept = default_manifest_accept());
    // PUT /v2/<repo>/manifests/<ref> (a tag or the manifest's digest). Returns the digest
    // of bytes.
    std::string put_manifest(const std::string& repo, const std::string& ref,
                             const std::string& media_type, const std::string& bytes);

    // HEAD /v2/<repo>/blobs/<digest>: its size, or nullopt when absent.
    std::optional<int64_t> blob_exists(const std::string& repo, const std::string& digest);
    // Downloads a blob into writer, resuming at writer.committed_size() with a Range
    // request, following redirects to blob storage (Authorization not forwarded to
    // another host), then commits the writer (digest verified). A writer that
    // already_exists() is committed without any request.
    void fetch_blob(const std::string& repo, const content::Descriptor& desc,
                    content::Writer& writer, const ProgressFn& progress = {});
    // Small blobs (configs) straight into memory, digest verified.
    std::string fetch_blob_bytes(const std::string& repo, const content::Descriptor& desc,
                                 size_t max_size = 64 << 20);
    // Uploads a blob unless present: cross-repository mount from mount_from (a repo path
    // on the same registry) when given, else a monolithic upload (POST then PUT), or
    // chunked PATCHes for blobs over the chunk size.
    PushResult push_blob(const std::string& repo, const content::Descriptor& desc,
                         content::Reader& reader, const ProgressFn& progress = {},
                         const std::optional<std::string>& mount_from = std::nullopt);

    // GET /v2/<repo>/tags/list, following Link pagination.
    std::vector<std::string> list_tags(const std::string& repo);

    // GET /v2/ with explicit credentials (login): succeeds when the registry accepts
    // them (basic, or a bearer token obtained with them). Unauthenticated error otherwise.
    void check_login(const std::string& username, const std::string& password);

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace tug::engine::registry
