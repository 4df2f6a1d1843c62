// AtomicFile: a file that replaces its target only once complete. It is written as a
// temp file beside the target and renamed over it, so a reader (or a crash) sees the old
// file or the whole new one, and a failed write leaves nothing behind.
#pragma once

#include <string>

#include "engine/base/unique_fd.hpp"

namespace tug::base {

class AtomicFile {
  public:
    // Creates ".<name>.tmp-XXXXXX" in target's directory with exactly `mode`, whatever
    // the process's umask.
    AtomicFile(std::string target, unsigned mode);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    // Uncommitted: the temp file is removed.
    ~AtomicFile();

    int fd() const noexcept { return fd_.get(); }
    const std::string& target() const noexcept { return target_; }

    // fsync (unless !durable), close, rename over the target. The rename itself survives
    // a crash only once the directory is synced: commit() does that, callers that put
    // several files in one directory call sync_dir once after all of them.
    void rename_into_place(bool durable = true);
    // rename_into_place(), then fsync of the directory.
    void commit();

  private:
    std::string target_;
    std::string temp_;
    UniqueFd fd_;
    bool done_ = false;
};

}  // namespace tug::base
