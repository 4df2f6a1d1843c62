// A gzip stream decompressed on a thread of its own, a few buffers ahead of its reader:
// a layer's unpack then spreads over two cores, inflating on one while the other hashes
// the tar and writes its files. Without it, the last layer of a load or pull leaves a
// core idle while it finishes.
#pragma once

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/snapshot/gunzip.hpp"
#include "engine/snapshot/source.hpp"

namespace tug::engine::snapshot {

class InflateAhead : public StreamSource {
public:
    // Starts decompressing src (a gzip stream) at once.
    explicit InflateAhead(StreamSource& src);
    // Stops the thread, also when the reader gave up early.
    ~InflateAhead() override;
    InflateAhead(const InflateAhead&) = delete;
    InflateAhead& operator=(const InflateAhead&) = delete;

    // Decompressed bytes in order, empty at the end; valid until the next call. Throws
    // what decompressing (or src) threw.
    std::string_view next() override;

private:
    struct Buffer {
        std::unique_ptr<unsigned char[]> bytes;
        size_t size = 0;
    };
    void produce();

    Gunzip gz_;
    std::vector<Buffer> ring_;
    std::mutex mu_;
    std::condition_variable cv_;
    size_t filled_ = 0;  // buffers handed out by the producer, in ring order
    size_t taken_ = 0;   // buffers the reader has taken (the last one it still holds)
    bool ended_ = false, stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;
};

}  // namespace tug::engine::snapshot
