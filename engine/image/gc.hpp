// Garbage collection by reference: blobs and snapshots that no image record (in any
// namespace) and no live lease refers to are removed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/config.hpp"

namespace tug::engine::meta {
class Database;
}

namespace tug::engine::image {

struct GcReport {
    std::vector<std::string> snapshots;  // chain ids removed
    std::vector<std::string> blobs;      // digests removed
    uint64_t reclaimed = 0;              // bytes
};

// Precondition: the caller holds the store's GC lock exclusively (ImageStore::gc_lock),
// so no pull is between fetching content and recording it.
// Leases (table leases, unexpired) protect what their data lists:
// {"blobs": ["sha256:..."], "snapshots": ["sha256:<chain id>"]}.
GcReport collect_garbage(const EngineConfig& cfg, meta::Database& db);

}  // namespace tug::engine::image
