// Image records: what the image store keeps per image (the JSON `data` of the images
// table), and the platform helpers used to choose a manifest from an index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/content/descriptor.hpp"

namespace tug::engine::image {

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
    content::Platform platform;
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
    content::Platform platform;
    std::vector<PlatformManifest> other_platforms;
    int64_t size = 0;      // unpacked bytes (sum of the layers' snapshots)
    std::string created;   // config "created" (RFC 3339), "" when absent
    int64_t created_unix = 0;
    int64_t stored = 0;    // when this record was written (unix seconds)

    std::vector<std::string> chain_ids() const;
    std::vector<std::string> blobs() const;  // every blob digest the record keeps alive
};

void to_json(nlohmann::json& j, const ImageRecord& r);
void from_json(const nlohmann::json& j, ImageRecord& r);

// "os/arch[/variant]" -> Platform. InvalidArgument for malformed strings.
content::Platform parse_platform(const std::string& s);
std::string format_platform(const content::Platform& p);
// linux/<host arch>[/variant].
content::Platform host_platform();
// Whether an index entry's platform satisfies want (variant defaults normalized:
// arm64 -> v8, arm -> v7; an absent variant in want matches any).
bool platform_matches(const content::Platform& want, const content::Platform& have);

// RFC 3339 ("2024-01-02T03:04:05.123456789Z", offsets allowed) -> unix seconds; 0 if bad.
int64_t parse_rfc3339(const std::string& s);

}  // namespace tug::engine::image
