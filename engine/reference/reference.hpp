// Image references (`alpine`, `host:5000/a/b:tag`, `name@sha256:...`) parsed and
// normalized exactly like docker's distribution/reference (ParseNormalizedNamed +
// TagNameOnly), with docker's familiar short form for display.
#pragma once

#include <string>
#include <string_view>

namespace tug::engine::reference {

inline constexpr std::string_view kDefaultDomain = "docker.io";
inline constexpr std::string_view kDefaultTag = "latest";

// A normalized reference. domain and path are always set; at least one of tag and
// digest is set after parse_reference (tag "latest" when neither was given).
struct Reference {
    std::string domain;  // "docker.io", "localhost", "127.0.0.1:5000"
    std::string path;    // "library/alpine", "a/b"
    std::string tag;     // "" when absent
    std::string digest;  // "sha256:<64 hex>" or "" when absent

    // "docker.io/library/alpine"
    std::string repository() const;
    // "docker.io/library/alpine:latest", "host/a@sha256:...", "host/a:t@sha256:..."
    std::string string() const;
    // docker's short form: "alpine:latest", "user/app:1", "host:5000/a/b:tag",
    // "alpine@sha256:..."
    std::string familiar() const;
    // familiar name without tag or digest: "alpine", "user/app", "host:5000/a/b"
    std::string familiar_name() const;
    // Host to talk to for API calls: "registry-1.docker.io" for docker.io, else domain.
    std::string registry_host() const;
    // What to ask the registry for: the digest when set, else the tag.
    const std::string& tag_or_digest() const { return digest.empty() ? tag : digest; }

    bool operator==(const Reference&) const = default;
};

// Parses and normalizes; adds tag "latest" when neither tag nor digest is given.
// Throws tug::Error (InvalidArgument) with docker's wording:
//   "invalid reference format"
//   "invalid reference format: repository name (library/Alpine) must be lowercase"
//   "invalid repository name (<64 hex>), cannot specify 64-byte hexadecimal strings"
Reference parse_reference(std::string_view s);

// Like parse_reference but without adding the default tag (tag and digest may both be
// empty): for `tug push NAME` style "all tags"/name-only uses and for filters.
Reference parse_named(std::string_view s);

// True when s is "<algorithm>:<hex>" with a known algorithm and the right hex length
// (sha256: 64, sha384: 96, sha512: 128), lower-case hex.
bool is_valid_digest(std::string_view s);

// True for a 64-char lower-case hex string (an image id without "sha256:").
bool is_hex_id(std::string_view s);

}  // namespace tug::engine::reference
