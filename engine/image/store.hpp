// The image store: image records and their references (tags and repo digests) in the
// metadata database, name resolution the way docker does it, and the GC lock.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/image/record.hpp"

namespace tug::engine::meta {
class Database;
}

namespace tug::engine::image {

struct RefRow {
    std::string reference;  // normalized: "docker.io/library/alpine:latest" or "...@sha256:..."
    std::string image_id;
    std::string target_digest;  // the manifest or index it was pulled or pushed as
    int64_t updated = 0;
};

struct SnapshotRow {
    std::string chain_id;
    std::string parent;
    uint64_t size = 0;
};

class ImageStore {
public:
    // Opens the metadata database; the first store of a process also brings records of
    // an older format up to date (see record_legacy.hpp).
    explicit ImageStore(const EngineConfig& cfg);

    const EngineConfig& config() const { return cfg_; }
    meta::Database& db() { return *db_; }

    std::optional<ImageRecord> get(const std::string& id) const;
    // Every image of the namespace.
    std::vector<ImageRecord> list() const;
    // Every reference of the namespace.
    std::vector<RefRow> refs() const;
    std::vector<RefRow> refs_of(const std::string& image_id) const;
    std::optional<RefRow> ref(const std::string& reference) const;

    // Resolves a full id ("sha256:<hex>" or <hex>), a name (normalized, ":latest"
    // added), name@digest, or a unique id prefix. matched_ref receives the normalized
    // reference when found by name. NotFound: "No such image: <s>".
    ImageRecord resolve(const std::string& s, std::string* matched_ref = nullptr) const;

    // Writes the record, points the references at it and records the snapshots, in one
    // transaction.
    void put(const ImageRecord& r, const std::vector<RefRow>& refs, const std::vector<SnapshotRow>& snapshots);
    void set_ref(const RefRow& ref);
    // false when the reference did not exist.
    bool remove_ref(const std::string& reference);
    // Removes the record and all its references.
    void remove_image(const std::string& id);
    // Ids of the containers (this namespace) whose image is id.
    std::vector<std::string> containers_using(const std::string& id) const;
    // Whether a container in any namespace uses id.
    bool used_anywhere(const std::string& id) const;

    // Held shared by pull/push/unpack and exclusive by GC, so a collection never runs
    // between a pull finding a blob or snapshot present and recording the image.
    base::FileLock gc_lock(base::FileLock::Mode mode) const;

private:
    EngineConfig cfg_;
    std::shared_ptr<meta::Database> db_;
};

// A stored image record (the images table's data); FailedPrecondition for a format this
// tug does not read.
ImageRecord decode_image_record(std::string_view stored);

// NotFound "No such image: ..." naming s as docker's daemon does (alpine -> alpine:latest).
[[noreturn]] void throw_no_such_image(const std::string& s);
// First 12 hex characters of a digest or id.
std::string short_id(const std::string& id);

}  // namespace tug::engine::image
