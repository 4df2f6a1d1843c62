// Snapshots: one directory per layer chain id under <data_root>/snapshots, unpacked
// once and shared read-only by every image and container that uses it. Returns mounts
// as data; the one place that performs mounts is base::mount_at.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/snapshot/source.hpp"

namespace tug::engine::snapshot {

enum class Driver {
    Overlay,  // each snapshot holds its layer's diff; stacked as overlayfs lower dirs
    Native,   // each snapshot is a full copy of its parent plus its layer (no overlayfs)
};

// The chain id of a layer: its diff id for the first layer, otherwise
// sha256(parent_chain_id + " " + diff_id), both as "sha256:<hex>".
std::string chain_id(const std::string& parent_chain_id, const std::string& diff_id);
// Chain ids of every layer of an image, base first.
std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids);

struct LayerUnpack {
    std::string chain_id;
    std::string parent_chain_id;  // "" for the base layer
    std::string diff_id;          // verified against the uncompressed stream
    std::string layer_digest;     // the (compressed) blob digest, for messages
    std::function<void(uint64_t)> on_progress;  // compressed bytes consumed so far
};

struct UnpackResult {
    uint64_t size = 0;     // bytes of file content in this snapshot
    bool existed = false;  // another unpack of the same chain id won; nothing was kept
};

// A layer unpacked before its place in an image is known (overlay driver only: load
// unpacks layers while the rest of the archive is still being read). Its temporary
// directory is removed unless it is committed.
struct PreparedLayer {
    base::TempDir dir;
    std::string diff_id;
    uint64_t size = 0;
};

class Snapshotter {
public:
    // root: <data_root>/snapshots. requested: "overlayfs", "native" or "" (the driver
    // the store already uses, else overlayfs when the kernel and file system support
    // it). The choice is recorded in <root>/driver; asking for another driver than the
    // store's is an error.
    explicit Snapshotter(std::string root, const std::string& requested = "");
    // The store under cfg.data_root, requesting cfg.snapshotter.
    static Snapshotter for_config(const EngineConfig& cfg);

    Driver driver() const noexcept { return driver_; }
    // Overlay snapshots do not need their parent to unpack, so layers can be
    // unpacked in any order and at once; native ones need the parent complete.
    bool independent_layers() const noexcept { return driver_ == Driver::Overlay; }
    const std::string& root() const noexcept { return root_; }

    bool exists(const std::string& chain_id) const;
    // <root>/<hex>/fs
    std::string fs_path(const std::string& chain_id) const;

    // Unpacks a layer from src into a temporary directory, verifies its diff id, runs
    // before_commit (which may throw to abandon the snapshot: the download's own digest
    // check), then renames it into place. Errors name the layer digest and the entry;
    // nothing of a failed unpack remains. If the snapshot appeared meanwhile (another
    // process won the rename), ours is discarded and existed is set.
    UnpackResult unpack(const LayerUnpack& layer, StreamSource& src,
                        const std::function<void()>& before_commit = {});

    // Unpacks src into a temporary directory without knowing its chain (overlay only).
    PreparedLayer prepare(StreamSource& src) const;
    // Puts a prepared layer in place as layer.chain_id. nullopt (and p is discarded)
    // when its diff id is not layer.diff_id: the caller unpacks the normal way, which
    // reports the mismatch.
    std::optional<UnpackResult> commit_prepared(const LayerUnpack& layer, PreparedLayer&& p);

    // Removes a snapshot; a missing one is not an error. The caller makes sure that
    // nothing uses it.
    void remove(const std::string& chain_id);
    // Chain ids of the snapshots present.
    std::vector<std::string> list() const;
    // Bytes the snapshot occupies (with the native driver, its parent's copy included);
    // 0 when unknown.
    uint64_t size(const std::string& chain_id) const;
    // Bytes of file content its layer added (docker's layer size).
    uint64_t diff_size(const std::string& chain_id) const;
    // Removes temporary directories of unpacks older than age (killed processes).
    void remove_stale_temporaries(std::chrono::seconds age);

    // The mounts of a root file system made of chain_ids (base first). With upper and
    // work (existing empty directories owned by a container) the view is writable;
    // without them it is read-only. Native driver: call prepare_writable first.
    std::vector<base::Mount> mounts(const std::vector<std::string>& chain_ids,
                                    const std::string& upper = "", const std::string& work = "") const;
    // Native driver: copies the top snapshot into upper (a container's private
    // copy). Overlay driver: nothing to do.
    void prepare_writable(const std::vector<std::string>& chain_ids, const std::string& upper) const;

private:
    std::string dir_of(const std::string& chain_id) const;
    // Writes info.json into tmp and renames it into place as layer.chain_id.
    UnpackResult commit(base::TempDir& tmp, const LayerUnpack& layer, const std::string& diff_id,
                        uint64_t diff_size) const;

    std::string root_;
    Driver driver_ = Driver::Overlay;
};

}  // namespace tug::engine::snapshot
