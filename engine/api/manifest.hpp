// Engine API for manifest lists (docker's `docker manifest`): lists are assembled
// locally from images in a registry (or in the local store), annotated, inspected and
// pushed. Local lists live in <data_root>/manifests/<namespace>/<list>/<manifest>, one
// JSON file per entry in docker's ImageManifest shape (Ref, Descriptor, Raw,
// SchemaV2Manifest|OCIManifest), names escaped as docker does ('/' -> '_', ':' -> '-').
#pragma once

#include <string>
#include <vector>

#include "engine/api/config.hpp"

namespace tug::engine {

struct ManifestCreateOptions {
    std::string list;                    // the list's name: "host:5000/app:1"
    std::vector<std::string> manifests;  // images: in a registry, else in the local store
    bool amend = false;                  // add to (or replace entries of) an existing list
    bool insecure = false;               // allow plain http / unverified TLS
};

// Fetches each manifest (an index is an error: lists do not nest) and its config for the
// platform, and stores the list locally. Returns the list's normalized name. Conflict
// when the list exists and amend is not set.
std::string manifest_create(const EngineConfig& cfg, const ManifestCreateOptions& opts);

struct ManifestAnnotateOptions {
    std::string list;
    std::string manifest;
    std::string os, arch, variant, os_version;  // "" leaves the value as it is
    std::vector<std::string> os_features;
};

void manifest_annotate(const EngineConfig& cfg, const ManifestAnnotateOptions& opts);

struct ManifestInspectOptions {
    std::string list;      // "" when inspecting a single reference
    std::string manifest;  // a reference
    bool verbose = false;  // docker's -v: Ref, Descriptor, Raw, SchemaV2Manifest/OCIManifest
    bool insecure = false;
};

// docker's output, JSON indented by 3 spaces. With only a manifest reference: the local
// list of that name if one exists, else the manifest or list from the registry.
std::string manifest_inspect(const EngineConfig& cfg, const ManifestInspectOptions& opts);

struct ManifestPushOptions {
    std::string list;
    bool purge = false;     // remove the local list after a successful push
    bool insecure = false;
};

// Pushes each entry's manifest into the list's repository (mounting its blobs from
// the entry's repository on the same registry, or uploading them from the local
// store), then the list itself. Returns the list's digest.
std::string manifest_push(const EngineConfig& cfg, const ManifestPushOptions& opts);

// Removes local lists. NotFound naming the first one that does not exist (after
// removing the others).
void manifest_remove(const EngineConfig& cfg, const std::vector<std::string>& lists);

}  // namespace tug::engine
