// The content store: verified blobs at <data_root>/content/blobs/sha256/<hex>, written
// through resumable ingests at <data_root>/content/ingest/<hex>/. A blob in the store
// always matches its digest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/content/descriptor.hpp"

namespace tug::engine::content {

struct BlobInfo {
    std::string digest;
    int64_t size = 0;
    int64_t modified = 0;  // unix seconds of the blob file's mtime (GC grace periods)
};

// Sequential reader of one blob.
class Reader {
  public:
    Reader(base::UniqueFd fd, int64_t size) : fd_(std::move(fd)), size_(size) {}
    // Up to len bytes; 0 at the end. Throws on I/O error.
    size_t read(void* buf, size_t len);
    // Repositions (for a retried upload).
    void seek(int64_t offset);
    int64_t size() const noexcept { return size_; }
    int fd() const noexcept { return fd_.get(); }

  private:
    base::UniqueFd fd_;
    int64_t size_;
};

// A resumable ingest of one blob with a known digest. Holds an exclusive lock on its
// ingest directory while alive: another process (or thread) opening a Writer for the
// same digest waits until this one commits or is destroyed, then finds the blob present
// (already_exists()) or resumes the partial data. Do not open two Writers for one
// digest in the same thread: the second waits forever.
class Writer {
  public:
    Writer(Writer&&) noexcept;
    Writer& operator=(Writer&&) noexcept;
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    // Without commit() the partial data stays in the ingest for a later resume.
    ~Writer();

    const std::string& digest() const noexcept { return digest_; }
    int64_t expected_size() const noexcept { return expected_size_; }
    // The blob was already in the store when the Writer was opened: write nothing, and
    // commit() is a no-op.
    bool already_exists() const noexcept { return exists_; }
    // Bytes already held by the ingest: resume the download at this offset
    // (Range: bytes=N-). Hashed already.
    int64_t committed_size() const noexcept { return offset_; }

    void write(const void* data, size_t len);
    void write(std::string_view s) { write(s.data(), s.size()); }
    // Drops the partial data and starts again at offset 0 (the server ignored Range).
    void truncate();

    // Verifies size (when known) and digest, fsyncs, renames into the store and fsyncs
    // the directory. On a mismatch the ingest is removed and an InvalidArgument error
    // ("... digest mismatch: got sha256:x") is thrown. Returns the blob's path.
    std::string commit();
    // Removes the ingest and its partial data.
    void abort();

  private:
    friend class Store;
    Writer() = default;
    std::string blob_path_;
    std::string ingest_dir_;
    std::string digest_;
    int64_t expected_size_ = -1;
    int64_t offset_ = 0;
    bool exists_ = false;
    bool done_ = false;
    base::UniqueFd lock_fd_;  // flock on <ingest>/lock, re-checked against the path
    base::UniqueFd data_fd_;
    Sha256 hash_;
};

class Store {
  public:
    // root is the content directory itself (usually <data_root>/content); created on
    // first write.
    explicit Store(std::string root);
    static Store for_config(const EngineConfig& config);

    const std::string& root() const noexcept { return root_; }

    bool exists(std::string_view digest) const;
    // NotFound error when absent.
    BlobInfo info(std::string_view digest) const;
    std::optional<BlobInfo> try_info(std::string_view digest) const;
    // Where the blob lives (whether or not it exists).
    std::string path(std::string_view digest) const;
    // NotFound error when absent.
    Reader open_reader(std::string_view digest) const;
    // Whole blob for small JSON blobs (manifests, configs). InvalidArgument when the blob
    // is larger than max_size.
    std::string read_blob(std::string_view digest, size_t max_size = 64 << 20) const;

    // Opens (or resumes) an ingest. expected_size -1: unknown (not checked at commit).
    Writer writer(std::string_view digest, int64_t expected_size = -1);
    // Stores small data in one call (manifests, configs); digest defaults to
    // sha256(data), and if given must match. Returns the digest.
    std::string write_blob(std::string_view data, std::string_view digest = {});

    // Removes a blob; absent is not an error. Returns whether it existed.
    bool remove(std::string_view digest);
    // Every blob in the store.
    std::vector<BlobInfo> list() const;
    // Re-hashes a blob; throws (InvalidArgument, "blob sha256:...: digest mismatch ...")
    // when the content does not match, NotFound when absent.
    void verify(std::string_view digest) const;

    // Digests of ingests in progress or abandoned.
    std::vector<std::string> list_ingests() const;
    // Removes an abandoned ingest (skips one whose lock is held). Returns whether removed.
    bool remove_ingest(std::string_view digest);

  private:
    std::string blobs_dir() const { return root_ + "/blobs/sha256"; }
    std::string ingest_root() const { return root_ + "/ingest"; }
    std::string root_;
};

}  // namespace tug::engine::content
