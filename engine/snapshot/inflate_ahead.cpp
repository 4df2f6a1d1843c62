// Inflating on a thread of its own (see inflate_ahead.hpp).
#include "engine/snapshot/inflate_ahead.hpp"

namespace tug::engine::snapshot {

namespace {

// Enough to ride out the reader's pauses (a large file's writes) without much memory.
constexpr size_t kBuffers = 4;
constexpr size_t kBufferBytes = 1 << 20;

}  // namespace

InflateAhead::InflateAhead(StreamSource& src) : gz_(src), ring_(kBuffers) {
    thread_ = std::thread([this] { produce(); });
}

InflateAhead::~InflateAhead() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void InflateAhead::produce() {
    for (;;) {
        Buffer* b;
        {
            std::unique_lock lock(mu_);
            // The reader holds the buffer it took last until its next call: one stays out.
            cv_.wait(lock, [&] { return stopping_ || filled_ - taken_ + 1 < kBuffers; });
            if (stopping_) return;
            b = &ring_[filled_ % kBuffers];
        }
        // Allocated on first use, uninitialised: a small layer touches one buffer.
        if (!b->bytes) b->bytes = std::make_unique_for_overwrite<unsigned char[]>(kBufferBytes);
        size_t n = 0;
        std::exception_ptr error;
        try {
            n = gz_.next_into(b->bytes.get(), kBufferBytes);
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard lock(mu_);
            b->size = n;
            if (error) error_ = error;
            if (n == 0) ended_ = true;
            else ++filled_;
        }
        cv_.notify_all();
        if (n == 0) return;
    }
}

std::string_view InflateAhead::next() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return filled_ > taken_ || ended_; });
    if (filled_ == taken_) {
        if (error_) std::rethrow_exception(error_);
        return {};
    }
    const Buffer& b = ring_[taken_ % kBuffers];
    ++taken_;
    cv_.notify_all();
    return {reinterpret_cast<const char*>(b.bytes.get()), b.size};
}

}  // namespace tug::engine::snapshot
