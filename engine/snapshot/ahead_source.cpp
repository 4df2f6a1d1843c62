// Producing a stream on a thread of its own (see ahead_source.hpp).
#include "engine/snapshot/ahead_source.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::engine::snapshot {

namespace {

// Enough to ride out the reader's pauses (a large file's writes) without much memory.
constexpr size_t kBuffers = 4;
constexpr size_t kBufferBytes = 1 << 20;
// O_DIRECT wants buffers, offsets and lengths aligned to the logical block size.
constexpr size_t kAlign = 4096;

}  // namespace

AheadSource::AheadSource(Producer produce, StreamSource* upstream)
    : produce_(std::move(produce)), upstream_(upstream), ring_(kBuffers) {
    thread_ = std::thread([this] { run(); });
}

AheadSource::~AheadSource() {
    cancel();
    thread_.join();
}

void AheadSource::cancel() {
    bool ended;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        ended = ended_;
    }
    cv_.notify_all();
    if (!ended && upstream_) upstream_->cancel();
}

void AheadSource::run() {
    for (;;) {
        Buffer* b;
        {
            std::unique_lock lock(mu_);
            // The reader holds the buffer it took last until its next call: one stays out.
            cv_.wait(lock, [&] { return stopping_ || filled_ - taken_ + 1 < kBuffers; });
            if (stopping_) return;
            b = &ring_[filled_ % kBuffers];
        }
        // Allocated on first use, uninitialised: a short stream touches one buffer.
        if (!b->bytes) b->bytes = {static_cast<unsigned char*>(std::aligned_alloc(kAlign, kBufferBytes)), std::free};
        size_t n = 0;
        std::exception_ptr error;
        try {
            if (!b->bytes) throw std::bad_alloc();
            n = produce_(b->bytes.get(), kBufferBytes);
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

std::string_view AheadSource::next() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return filled_ > taken_ || ended_ || stopping_; });
    if (filled_ == taken_) {
        if (error_) std::rethrow_exception(error_);
        if (!ended_) throw Error(Errc::Canceled, "the reader stopped");
        return {};
    }
    const Buffer& b = ring_[taken_ % kBuffers];
    ++taken_;
    cv_.notify_all();
    return {reinterpret_cast<const char*>(b.bytes.get()), b.size};
}

std::unique_ptr<StreamSource> direct_file_source(int fd, int64_t offset, int64_t length) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || offset < 0 || length < 0 || offset + length > st.st_size)
        return nullptr;
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    auto dfd = std::make_shared<base::UniqueFd>(::open(self.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC));
    if (!*dfd) return nullptr;  // a file system without O_DIRECT (tmpfs before 6.6, ...)
    struct State {
        int64_t pos, end;
        size_t skip;  // bytes before offset in the first, aligned read
    };
    const int64_t aligned = offset / static_cast<int64_t>(kAlign) * static_cast<int64_t>(kAlign);
    auto state = std::make_shared<State>(State{aligned, offset + length, static_cast<size_t>(offset - aligned)});
    return std::make_unique<AheadSource>([dfd, state](unsigned char* buf, size_t cap) -> size_t {
        for (;;) {
            if (state->pos >= state->end) return 0;
            const ssize_t n = ::pread(dfd->get(), buf, cap, state->pos);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw sys_error("read archive");
            }
            if (n == 0) throw Error(Errc::InvalidArgument, "read archive: the file shrank while it was read");
            const int64_t got = std::min<int64_t>(n, state->end - state->pos);
            state->pos += n;
            size_t from = std::exchange(state->skip, 0);
            if (static_cast<int64_t>(from) >= got) continue;
            const size_t len = static_cast<size_t>(got) - from;
            if (from) std::memmove(buf, buf + from, len);
            return len;
        }
    });
}

bool mostly_cached(int fd, int64_t offset, int64_t length) {
    if (length <= 0) return true;
    const long page = ::sysconf(_SC_PAGESIZE);
    const int64_t start = offset / page * page;
    const size_t span = static_cast<size_t>(offset + length - start);
    void* map = ::mmap(nullptr, span, PROT_READ, MAP_SHARED, fd, start);
    if (map == MAP_FAILED) return true;  // not mappable: not a file to read directly either
    std::vector<unsigned char> resident((span + static_cast<size_t>(page) - 1) / static_cast<size_t>(page));
    size_t cached = resident.size();
    if (::mincore(map, span, resident.data()) == 0) {
        cached = 0;
        for (unsigned char r : resident) cached += r & 1;
    }
    ::munmap(map, span);
    return cached * 2 > resident.size();
}

}  // namespace tug::engine::snapshot
