// Image records (engine/api/image_record.hpp) as the image code uses them, and the
// platform helpers used to choose a manifest from an index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/image_record.hpp"
#include "engine/content/descriptor.hpp"

namespace tug::engine::image {

// The record types are engine/api's; the image code names them as its own.
using engine::ImageRecord;
using engine::LayerRecord;
using engine::PlatformManifest;

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
