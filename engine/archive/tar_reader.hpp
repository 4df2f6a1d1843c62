// TarReader: the entries of an image archive's tar, read from a byte stream without
// libarchive: ustar and V7 headers, GNU long names and links, pax path/linkpath/size
// records, base-256 sizes. Load reads the archive with it so that staging starts at
// once, while the workers that unpack layers load libarchive (and the ~10 libraries it
// pulls in: tens of milliseconds from a cold page cache) for the layers' own tars.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/snapshot/source.hpp"

namespace tug::engine::archive {

struct TarEntry {
    std::string name;
    std::string link;  // a symlink's target or a hard link's original
    char type = '0';   // ustar typeflag: '0' file, '1' hard link, '2' symlink, '5' directory, ...
    int64_t size = 0;  // bytes of data that follow
    bool regular() const { return type == '0' || type == '\0' || type == '7'; }
};

class TarReader {
public:
    explicit TarReader(snapshot::StreamSource& src) : src_(src) {}

    // The next entry (its data unread), false after the end-of-archive block. Throws
    // tug::Error (InvalidArgument) on a corrupt or truncated header and on sparse files.
    bool next(TarEntry& e);
    // The next bytes of the current entry's data, empty at its end; valid until the
    // next call. Throws InvalidArgument when the stream ends early.
    std::string_view data();
    // Reads the rest of the stream (after the end of the archive): a writer into a pipe
    // sees its output consumed, as with other tools.
    void drain();

private:
    bool fill();                              // more bytes in pending_, false at the end
    void read_exact(char* out, size_t n);     // n bytes or a truncation error
    void skip(int64_t n);
    std::string read_data_string(int64_t size, const char* what);

    snapshot::StreamSource& src_;
    std::string_view pending_;  // unread bytes of the source's current chunk
    int64_t data_left_ = 0;     // of the current entry
    int64_t padding_ = 0;       // after it, to the next 512-byte block
};

}  // namespace tug::engine::archive
