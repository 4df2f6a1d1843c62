// Following a growing ingest file.
#include "engine/image/ingest_tail.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "engine/base/error.hpp"

namespace tug::engine::image {

std::string ingest_data_path(const content::Store& store, const std::string& digest) {
    return store.root() + "/ingest/" + content::digest_hex(digest) + "/data";
}

std::string_view IngestTail::next() {
    for (;;) {
        uint64_t seen;
        bool done;
        {
            std::lock_guard lk(mu_);
            if (!failure_.empty()) throw Error(Errc::Canceled, failure_);
            seen = seq_;
            done = done_;
        }
        ssize_t n = ::pread(fd_.get(), buf_.data(), buf_.size(), pos_);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("read ingest");
        }
        if (n > 0) {
            pos_ += n;
            return {buf_.data(), static_cast<size_t>(n)};
        }
        if (done) return {};  // read after the producer finished: truly the end
        struct stat st {};
        if (::fstat(fd_.get(), &st) == 0 && st.st_size < pos_)
            throw Error(Errc::Canceled, "download restarted from the beginning");
        std::unique_lock lk(mu_);
        cv_.wait_for(lk, std::chrono::milliseconds(200), [&] { return seq_ != seen || done_ || !failure_.empty(); });
    }
}

void IngestTail::abort() {
    std::lock_guard lk(mu_);
    aborted_ = true;
}

bool IngestTail::aborted() {
    std::lock_guard lk(mu_);
    return aborted_;
}

void IngestTail::notify() {
    std::lock_guard lk(mu_);
    ++seq_;
    cv_.notify_all();
}

void IngestTail::finish() {
    std::lock_guard lk(mu_);
    done_ = true;
    cv_.notify_all();
}

void IngestTail::fail(const std::string& why) {
    std::lock_guard lk(mu_);
    failure_ = why.empty() ? "download failed" : why;
    cv_.notify_all();
}

}  // namespace tug::engine::image
