// Streams produced on a thread of their own, a few buffers ahead of their reader.
// InflateAhead: a gzip stream decompressed that way, so that a layer's unpack spreads
// over two cores, inflating on one while the other hashes the tar and writes its files
// (without it, the last layer of a load or pull finishes on one core while the other
// idles). direct_file_source: a file read with O_DIRECT, the disk writing straight into
// the buffers instead of the kernel copying out of its page cache.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/snapshot/gunzip.hpp"
#include "engine/snapshot/source.hpp"

namespace tug::engine::snapshot {

class AheadSource : public StreamSource {
public:
    // Fills buf (4096-aligned) with up to cap bytes, 0 at the end; runs on the thread.
    // What it throws reaches the reader after the bytes produced before.
    using Producer = std::function<size_t(unsigned char* buf, size_t cap)>;

    // upstream: what the producer reads from, cancelled when the reader stops early so
    // that a producer waiting for its bytes returns.
    explicit AheadSource(Producer produce, StreamSource* upstream = nullptr);
    // Stops the thread, also when the reader gave up early.
    ~AheadSource() override;
    AheadSource(const AheadSource&) = delete;
    AheadSource& operator=(const AheadSource&) = delete;

    // The produced bytes in order, empty at the end; valid until the next call.
    std::string_view next() override;
    void cancel() override;

private:
    struct Buffer {
        std::unique_ptr<unsigned char, void (*)(void*)> bytes{nullptr, nullptr};
        size_t size = 0;
    };
    void run();

    Producer produce_;
    StreamSource* upstream_;
    std::vector<Buffer> ring_;
    std::mutex mu_;
    std::condition_variable cv_;
    size_t filled_ = 0;  // buffers handed out by the producer, in ring order
    size_t taken_ = 0;   // buffers the reader has taken (the last one it still holds)
    bool ended_ = false, stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;
};

// Decompresses src (a gzip stream) at once.
class InflateAhead : public StreamSource {
public:
    explicit InflateAhead(StreamSource& src)
        : gz_(src), ahead_([this](unsigned char* buf, size_t cap) { return gz_.next_into(buf, cap); }, &src) {}
    std::string_view next() override { return ahead_.next(); }
    void cancel() override { ahead_.cancel(); }

private:
    Gunzip gz_;
    AheadSource ahead_;  // after gz_: stopped before gz_ goes
};

// length bytes of the regular file open as fd, from offset, read with O_DIRECT on a
// file description of its own (fd's offset and flags are left alone); nullptr when the
// file or its file system does not allow that, for the caller to read it the usual way.
std::unique_ptr<StreamSource> direct_file_source(int fd, int64_t offset, int64_t length);

// Whether most of that range of the file is in the page cache already: then copying it
// from there is cheaper than reading the disk again with direct_file_source.
bool mostly_cached(int fd, int64_t offset, int64_t length);

}  // namespace tug::engine::snapshot
