// Entries of a file tree streamed from a source to a sink, for `cp`: sources walk a
// directory tree without following symlinks or read a tar stream; sinks write a tar
// stream or extract under a directory, resolving every path with openat2 so that no
// symlink met on the way leads outside the destination's root.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct archive;
struct archive_entry;

namespace tug::engine::archive {

// Reads up to n bytes of the current entry's content; 0 at its end.
using ContentReader = std::function<ssize_t(void* buf, size_t n)>;

class EntrySink {
public:
    virtual ~EntrySink() = default;
    // One entry (its pathname relative to the sink's top); content for regular files.
    virtual void put(struct archive_entry* e, const ContentReader& content) = 0;
    // After the last entry.
    virtual void finish() {}
};

// A PAX tar written to fd (not closed).
class TarSink : public EntrySink {
public:
    explicit TarSink(int fd);
    ~TarSink() override;
    void put(struct archive_entry* e, const ContentReader& content) override;
    void finish() override;

private:
    ::archive* w_;
};

struct ExtractOptions {
    int root_fd = -1;      // paths resolve relative to this directory...
    std::string dir;       // ...starting at dir ("." or a path inside the root)
    uint64_t resolve = 0;  // openat2 RESOLVE_* flags: RESOLVE_IN_ROOT for a container rootfs
    bool keep_owner = false;  // the entries' uid/gid, else uid/gid below
    uid_t uid = 0;
    gid_t gid = 0;
};

// Extracts entries under opts.dir the way docker's untar does: missing parents are
// created, an existing non-directory is replaced, a directory is never replaced by a
// non-directory nor the other way round (InvalidArgument "cannot overwrite ...").
// Entry names are relative; ".." components are rejected.
class DirSink : public EntrySink {
public:
    explicit DirSink(ExtractOptions opts) : o_(std::move(opts)) {}
    void put(struct archive_entry* e, const ContentReader& content) override;
    // Sets the directories' times, which their own children changed meanwhile.
    void finish() override;

private:
    int open_parent(const std::string& rel);
    ExtractOptions o_;
    std::vector<std::pair<std::string, struct timespec>> dir_times_;
};

// Sends the object fd (opened O_PATH; a symlink is sent as a link) and, for a directory,
// everything below it, named top_name and top_name/..., to sink. Below the top nothing
// is followed: each child is opened relative to its parent with O_NOFOLLOW. Returns the
// bytes of file content sent.
uint64_t walk_tree(int fd, const std::string& top_name, EntrySink& sink);

// Sends every entry of the (possibly compressed) tar on fd to sink.
void read_tar(int fd, EntrySink& sink);

}  // namespace tug::engine::archive
