// Byte streams a layer is unpacked from (a blob in the content store, an ingest that a
// download is still writing).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace tug::engine::snapshot {

class StreamSource {
public:
    virtual ~StreamSource() = default;
    // The next bytes of the stream, empty at its end. The view stays valid until the
    // next call. Throws tug::Error when the producer failed.
    virtual std::string_view next() = 0;
    // The reader gives up before the end (from any thread): a source that waits for a
    // writer stops waiting and throws from next(). Wrappers pass it on.
    virtual void cancel() {}
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

}  // namespace tug::engine::snapshot
