// TarReader: the entries of a tar stream, read without libarchive: ustar and V7
// headers, GNU long names and links, pax records (path, linkpath, size, uid, gid,
// mtime, atime, xattrs), base-256 numbers. Load stages archives and every gzip'ed or
// plain layer is applied with it, so that neither waits for libarchive and the ~10
// libraries it pulls in to be mapped (tens of milliseconds from a cold page cache).
// Sparse entries are refused: no image tool writes them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/snapshot/source.hpp"

namespace tug::engine::snapshot {

struct TarTime {
    int64_t sec = 0;
    long nsec = 0;
};

struct TarEntry {
    std::string name;
    std::string link;  // a symlink's target or a hard link's original
    char type = '0';   // ustar typeflag: '1' hard link, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo
    int64_t size = 0;  // bytes of data that follow
    unsigned mode = 0;  // permission bits (07777)
    int64_t uid = 0, gid = 0;
    TarTime mtime;
    std::optional<TarTime> atime;  // pax or GNU headers only
    unsigned devmajor = 0, devminor = 0;
    std::map<std::string, std::string> xattrs;  // pax SCHILY.xattr.* and LIBARCHIVE.xattr.*

    bool regular() const { return type == '0' || type == '\0' || type == '7'; }
};

class TarReader {
public:
    // what: how errors name the stream ("read archive", "read layer tar").
    explicit TarReader(StreamSource& src, std::string what = "read archive") : src_(src), what_(std::move(what)) {}

    // The next entry (its data unread), false after the end-of-archive block or at the
    // end of the stream between entries. Throws tug::Error (InvalidArgument) on a
    // corrupt or truncated header and on sparse files.
    bool next(TarEntry& e);
    // The next bytes of the current entry's data, empty at its end; valid until the
    // next call. Throws InvalidArgument when the stream ends early.
    std::string_view data();
    // Reads the rest of the stream (after the end of the archive): a writer into a pipe
    // sees its output consumed, and a digest over the stream covers its padding.
    void drain();

private:
    [[noreturn]] void corrupt(const std::string& why) const;
    bool fill();                           // more bytes in pending_, false at the end
    void read_exact(char* out, size_t n);  // n bytes or a truncation error
    void skip(int64_t n);
    std::string read_data_string(int64_t size, const char* what);

    StreamSource& src_;
    std::string what_;
    std::string_view pending_;  // unread bytes of the source's current chunk
    int64_t data_left_ = 0;     // of the current entry
    int64_t padding_ = 0;       // after it, to the next 512-byte block
};

}  // namespace tug::engine::snapshot
