// Names and annotations of the archive layouts shared by save and load.
#pragma once

#include <string>
#include <string_view>

namespace tug::engine::archive {

inline constexpr std::string_view kImageNameAnnotation = "io.containerd.image.name";
inline constexpr std::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";
inline constexpr std::string_view kOciLayoutFile = R"({"imageLayoutVersion":"1.0.0"})";

// "blobs/sha256/<hex>" for "sha256:<hex>".
std::string blob_entry(std::string_view digest);

}  // namespace tug::engine::archive
