// Fetching one layer of a pull: download into the content store and, on the overlay
// driver, unpack it into its snapshot while the bytes arrive.
#pragma once

#include <atomic>
#include <string>

#include "engine/content/descriptor.hpp"
#include "engine/content/store.hpp"
#include "engine/image/progress.hpp"
#include "engine/registry/client.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine::image {

struct LayerJob {
    content::Descriptor desc;
    std::string diff_id;
    std::string chain_id;
    std::string parent_chain_id;
    bool unpack = true;  // false: store the blob only (other platforms of --all-platforms)
};

struct FetchContext {
    registry::Client& client;
    std::string repo;  // repository path on the registry ("library/alpine")
    content::Store& content;
    snapshot::Snapshotter& snapshots;
    Progress& progress;
    std::atomic<bool>& cancel;  // set when another layer failed: stop early
};

// Downloads the blob unless present and, when job.unpack and streaming is possible
// (snapshots.independent_layers()), unpacks it on the fly. A layer that could not be
// unpacked while streaming is left for unpack_layer_from_blob.
// Returns true when the snapshot exists afterwards.
bool fetch_layer(FetchContext& ctx, const LayerJob& job);

// Unpacks a layer from its blob in the content store (the parent snapshot must exist on
// the native driver).
void unpack_layer_from_blob(FetchContext& ctx, const LayerJob& job);

}  // namespace tug::engine::image
