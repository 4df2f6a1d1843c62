// Staging an archive for load: every regular file of a (possibly compressed) tar is
// written under a temporary directory on the data root's file system, hashed as it
// streams, so blobs can be verified and then renamed into the content store.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/base/temp_dir.hpp"
#include "engine/content/store.hpp"
#include "engine/snapshot/file_tail.hpp"

namespace tug::engine::archive {

struct StagedFile {
    std::string path;    // on disk, inside the staging directory
    std::string digest;  // sha256 of its content
    int64_t size = 0;
};

// Told about each regular file as it is staged, so that another thread can read it
// while it is written (see pre_unpack.hpp).
class StageListener {
public:
    virtual ~StageListener() = default;
    // The first bytes of a file of size bytes are on disk at path (512, or all of a
    // smaller one): a tail for staging to keep informed as it writes the rest, or
    // nullptr. Staging finishes the tail when the file is whole, fails it on an error.
    virtual snapshot::FileTail* follow(const std::string& path, int64_t size) = 0;
    // The file is staged whole and its digest known.
    virtual void staged(const StagedFile& f) = 0;
};

class StagedArchive {
public:
    // Reads the tar from fd to its end into a new directory under parent. Throws
    // InvalidArgument for entries that are absolute or have ".." components, and for
    // links that point outside the archive.
    StagedArchive(int fd, const std::string& parent, StageListener* listener = nullptr);

    // The file at a cleaned archive path ("./a//b" -> "a/b"), links followed.
    const StagedFile* find(const std::string& name) const;
    // The file of blobs/sha256/<hex> for digest (whatever its content: the caller
    // verifies), else any file whose content has that digest (docker-archive's
    // <id>/layer.tar), else nullptr.
    const StagedFile* blob(const std::string& digest) const;
    // Small files read whole (index.json, manifest.json, configs).
    std::string read(const StagedFile& f, size_t max = 64 << 20) const;
    const std::map<std::string, StagedFile>& files() const { return files_; }

    // fsync of every staged file, several at once: one after the other, each waits for
    // its own journal commit (~20 ms for a 40 MB layer here); together they share them.
    // adopt_blob's own fsync then finds nothing left to write.
    void sync_all() const;

private:
    base::TempDir dir_;
    std::map<std::string, StagedFile> files_;
    std::map<std::string, std::string> links_;  // cleaned name -> cleaned target
    std::map<std::string, std::string> by_digest_;  // content digest -> name
};

// Removes "." and empty components; throws InvalidArgument naming the entry for
// absolute names and "..".
std::string clean_entry_name(const std::string& name);

// Moves a verified staged file into the content store as digest. Returns false when
// the store already had it (the staged file is left alone).
bool adopt_blob(content::Store& cs, const StagedFile& f, const std::string& digest);

}  // namespace tug::engine::archive
