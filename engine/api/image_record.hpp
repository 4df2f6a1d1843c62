// An image as the engine keeps it: the manifest it was pulled, loaded or built as, its
// layers and their snapshots, and the other platforms' manifests kept with it. Stored
// once per image in the metadata database (engine/image/record_fields.hpp lists the
// stored fields); docker's inspect JSON is rendered from it and the image config in one
// place (engine/image/inspect.cpp). Tags and repo digests are rows of their own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/platform.hpp"

namespace tug::engine {

struct LayerRecord {
    std::string digest;  // the blob as stored and pushed
    std::string media_type;
    int64_t size = 0;  // blob bytes
    std::string diff_id;
    std::string chain_id;
    std::vector<std::string> urls;  // foreign layers
};

// A manifest of another platform stored alongside (pull --all-platforms), so that GC
// keeps its blobs and push --all-platforms can send the whole index.
struct PlatformManifest {
    std::string digest;
    std::string media_type;
    Platform platform;
    std::string config_digest;
    std::vector<std::string> layer_digests;
};

struct ImageRecord {
    std::string id;  // "sha256:<config digest hex>"
    std::string config_media_type;
    std::string manifest_digest;
    std::string manifest_media_type;
    int64_t manifest_size = 0;
    std::string index_digest;  // "" when not pulled through an index
    std::string index_media_type;
    std::vector<LayerRecord> layers;
    Platform platform;
    std::vector<PlatformManifest> other_platforms;
    int64_t size = 0;     // unpacked bytes (sum of the layers' snapshots)
    std::string created;  // the config's "created" as written there (RFC 3339), "" when absent
    int64_t stored = 0;   // when this record was written (unix seconds)

    // created in unix seconds; 0 when absent or unreadable.
    int64_t created_unix() const;
    std::vector<std::string> chain_ids() const;
    std::vector<std::string> blobs() const;  // every blob digest the record keeps alive
};

}  // namespace tug::engine
