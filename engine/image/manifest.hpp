// Parsed OCI/Docker manifests, indexes and image configs (the parts tug uses), read
// from the registry or from the content store.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/content/descriptor.hpp"
#include "engine/content/store.hpp"
#include "engine/registry/client.hpp"

namespace tug::engine::image {

struct ParsedManifest {
    std::string media_type;
    std::string digest;
    std::string bytes;
    content::Descriptor config;
    std::vector<content::Descriptor> layers;
};

struct ParsedIndex {
    std::string media_type;
    std::string digest;
    std::string bytes;
    std::vector<content::Descriptor> manifests;
};

// The media type of manifest bytes: the one given, else the JSON's mediaType, else
// guessed from its shape ("manifests" -> OCI index, "layers" -> OCI manifest).
std::string manifest_media_type(const std::string& given, const std::string& bytes);

ParsedManifest parse_manifest(const std::string& media_type, const std::string& digest, const std::string& bytes);
ParsedIndex parse_index(const std::string& media_type, const std::string& digest, const std::string& bytes);

// A manifest blob by digest: from the content store when present, else fetched from the
// registry (verified) and stored.
registry::Manifest load_manifest(registry::Client& client, content::Store& store, const std::string& repo,
                                 const content::Descriptor& desc);
// A small blob (config) likewise.
std::string load_blob(registry::Client& client, content::Store& store, const std::string& repo,
                      const content::Descriptor& desc);

// An index entry that is not an image for a platform (attestations: unknown/unknown).
bool is_attestation(const content::Descriptor& d);

// Parses JSON, turning a parse failure into InvalidArgument naming what.
nlohmann::json parse_json(const std::string& bytes, const std::string& what);

}  // namespace tug::engine::image
