// Test data for the gzip decoders: gzip'ed bytes made by libarchive (zlib), a mix of
// compressible and random bytes, and a decoder's whole output.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <random>
#include <stdexcept>
#include <string>

#include "test/unit/snapshot/tar_builder.hpp"

namespace tug::test {

// data gzip'ed by libarchive (zlib), one member.
inline std::string gzip(const std::string& data) {
    archive* a = archive_write_new();
    archive_write_set_format_raw(a);
    archive_write_add_filter_gzip(a);
    std::string out(data.size() + 65536, '\0');
    size_t used = 0;
    if (archive_write_open_memory(a, out.data(), out.size(), &used) != ARCHIVE_OK)
        throw std::runtime_error(archive_error_string(a));
    archive_entry* e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

inline std::string mixed_data(size_t n) {
    std::mt19937 rng(7);
    std::string s;
    while (s.size() < n) {
        // Runs of text (compressible) between random bytes (not).
        s.append(std::string(rng() % 4000, static_cast<char>('a' + rng() % 26)));
        for (int i = 0; i < 3000; ++i) s.push_back(static_cast<char>(rng()));
    }
    s.resize(n);
    return s;
}

// What Decoder (Gunzip, InflateAhead) makes of packed, fed in chunks of chunk bytes.
template <typename Decoder>
std::string decode_all(const std::string& packed, size_t chunk) {
    StringSource src(packed, chunk);
    Decoder gz(src);
    std::string out;
    for (std::string_view v; !(v = gz.next()).empty();) out.append(v);
    return out;
}

}  // namespace tug::test
