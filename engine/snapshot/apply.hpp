// Applying one layer (a tar stream, gzip/zstd/uncompressed) to a directory, safely:
// no entry may land outside the directory.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/snapshot/source.hpp"

namespace tug::engine::snapshot {

enum class WhiteoutMode {
    // The directory holds only this layer's diff, an overlayfs lower dir: `.wh.name`
    // becomes a 0:0 character device, `.wh..wh..opq` the trusted.overlay.opaque=y xattr.
    Overlay,
    // The directory already holds a copy of the parent: whiteouts delete from it.
    Delete,
};

struct ApplyOptions {
    WhiteoutMode whiteouts = WhiteoutMode::Overlay;
    // "sha256:<hex>" of the uncompressed tar; checked when not empty.
    std::string expected_diff_id;
    // Called with the count of (compressed) bytes consumed so far.
    std::function<void(uint64_t)> on_progress;
};

struct ApplyResult {
    std::string diff_id;  // "sha256:<hex>" of the uncompressed tar
    uint64_t size = 0;    // bytes of regular file content written
};

// Reads the whole stream and applies it under root (an existing directory).
// Rejected, with InvalidArgument naming the entry: absolute names, ".." components,
// entries whose parent path goes through a symlink, hardlinks whose target is outside.
// On any error the directory is left partially written; the caller removes it.
ApplyResult apply_layer(const std::string& root, StreamSource& src, const ApplyOptions& opts);

}  // namespace tug::engine::snapshot
