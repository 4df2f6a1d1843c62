// Decompressed streams: a layer's or an archive's bytes as a tar reader wants them.
// gzip goes through ISA-L on a thread of its own (InflateAhead); other compressions
// (zstd, xz, bzip2, ...) and plain bytes through libarchive's filters (FilterSource).
#pragma once

#include <archive.h>

#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "engine/snapshot/source.hpp"

namespace tug::engine::snapshot {

class FilterSource : public StreamSource {
public:
    // what: named in errors ("decompress layer: ...").
    FilterSource(StreamSource& src, std::string what);
    ~FilterSource() override;
    FilterSource(const FilterSource&) = delete;
    FilterSource& operator=(const FilterSource&) = delete;

    std::string_view next() override;
    void cancel() override { src_.cancel(); }

private:
    static la_ssize_t read_source(struct archive* a, void* self, const void** buf);
    [[noreturn]] void fail();

    StreamSource& src_;
    std::string what_;
    struct archive* a_ = nullptr;
    std::exception_ptr error_;  // thrown by src_ inside a libarchive callback
    bool started_ = false, ended_ = false;
};

// whole, which starts with head, decompressed: by InflateAhead for gzip, else by a
// FilterSource; with plain_as_is, a stream that looks neither gzip nor otherwise
// compressed is passed through as it is, without libarchive.
std::unique_ptr<StreamSource> decompressed(std::string_view head, StreamSource& whole, const std::string& what,
                                           bool plain_as_is);

}  // namespace tug::engine::snapshot
