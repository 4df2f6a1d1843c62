// gzip decoding with ISA-L's igzip, several times faster than zlib: inflating is most of
// the CPU time of pulling or loading a gzip'ed layer (other compressions go through
// libarchive).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "engine/snapshot/source.hpp"

struct inflate_state;

namespace tug::engine::snapshot {

// Whether a stream starting with these bytes is gzip (its magic and deflate method).
bool looks_gzip(std::string_view head);

// The decompressed bytes of a gzip stream read from src, members one after the other
// like gunzip; bytes after the last member that are not gzip are read and ignored.
class Gunzip {
public:
    explicit Gunzip(StreamSource& src);
    ~Gunzip();
    Gunzip(const Gunzip&) = delete;
    Gunzip& operator=(const Gunzip&) = delete;

    // The next decompressed bytes, empty at the end; valid until the next call. Throws
    // tug::Error (InvalidArgument) on corrupt or truncated data.
    std::string_view next();
    // The same, decompressed into out (at most cap bytes); 0 at the end.
    size_t next_into(unsigned char* out, size_t cap);

private:
    bool refill();
    bool start_next_member();

    StreamSource& src_;
    std::unique_ptr<inflate_state> state_;
    std::vector<unsigned char> out_;
    bool src_done_ = false, done_ = false, member_done_ = false;
};

// A source whose first bytes were already read (to sniff the format): they come first.
class PrefixedSource : public StreamSource {
public:
    PrefixedSource(std::string_view first, StreamSource& rest) : first_(first), rest_(rest) {}
    std::string_view next() override;
    void cancel() override { rest_.cancel(); }

private:
    std::string_view first_;
    bool first_given_ = false;
    StreamSource& rest_;
};

}  // namespace tug::engine::snapshot
