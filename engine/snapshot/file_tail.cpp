// Following a growing file.
#include "engine/snapshot/file_tail.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "engine/base/error.hpp"

namespace tug::engine::snapshot {

std::string_view FileTail::next() {
    for (;;) {
        uint64_t seen;
        bool done;
        {
            std::lock_guard lk(mu_);
            if (!failure_.empty()) throw Error(Errc::Canceled, failure_);
            if (aborted_) throw Error(Errc::Canceled, "the reader stopped");
            seen = seq_;
            done = done_;
        }
        ssize_t n = ::pread(fd_.get(), buf_.data(), buf_.size(), pos_);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("read growing file");
        }
        if (n > 0) {
            pos_ += n;
            return {buf_.data(), static_cast<size_t>(n)};
        }
        if (done) return {};  // read after the producer finished: truly the end
        struct stat st {};
        if (::fstat(fd_.get(), &st) == 0 && st.st_size < pos_)
            throw Error(Errc::Canceled, "file restarted from the beginning");
        std::unique_lock lk(mu_);
        cv_.wait_for(lk, std::chrono::milliseconds(200),
                     [&] { return seq_ != seen || done_ || !failure_.empty() || aborted_; });
    }
}

void FileTail::abort() {
    std::lock_guard lk(mu_);
    aborted_ = true;
    cv_.notify_all();
}

bool FileTail::aborted() {
    std::lock_guard lk(mu_);
    return aborted_;
}

void FileTail::notify() {
    std::lock_guard lk(mu_);
    ++seq_;
    cv_.notify_all();
}

void FileTail::finish() {
    std::lock_guard lk(mu_);
    done_ = true;
    cv_.notify_all();
}

void FileTail::fail(const std::string& why) {
    std::lock_guard lk(mu_);
    failure_ = why.empty() ? "writing the file failed" : why;
    cv_.notify_all();
}

}  // namespace tug::engine::snapshot
