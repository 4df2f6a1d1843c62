// Byte streams a layer is unpacked from: a file descriptor (a blob already in the
// content store) or a bounded queue fed by a download as it arrives.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tug::engine::snapshot {

class StreamSource {
public:
    virtual ~StreamSource() = default;
    // The next bytes of the stream, empty at its end. The view stays valid until the
    // next call. Throws tug::Error when the producer failed.
    virtual std::string_view next() = 0;
};

// Reads an fd (not owned) to its end.
class FdSource : public StreamSource {
public:
    explicit FdSource(int fd, size_t buffer = 1 << 20) : fd_(fd), buf_(buffer) {}
    std::string_view next() override;

private:
    int fd_;
    std::vector<char> buf_;
};

// A bounded single-producer single-consumer queue of chunks: the download thread
// pushes what it receives, the unpack thread consumes. push() blocks while the queue
// holds max_bytes, so a slow disk slows the download rather than buffering the layer.
class ChunkQueue : public StreamSource {
public:
    explicit ChunkQueue(size_t max_bytes = 8u << 20) : max_bytes_(max_bytes) {}

    // Producer side. push() copies data; false when the consumer gave up (abort()).
    bool push(std::string_view data);
    void close();                       // the stream ended normally
    void fail(const std::string& why);  // the producer failed; next() throws

    // Consumer side.
    std::string_view next() override;
    void abort();  // stop consuming; wakes a blocked producer

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> chunks_;
    std::string current_;
    size_t bytes_ = 0;
    size_t max_bytes_;
    bool closed_ = false;
    bool aborted_ = false;
    std::string failure_;
};

}  // namespace tug::engine::snapshot
