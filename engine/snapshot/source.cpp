// FdSource and ChunkQueue: what the layer applier reads from.
#include "engine/snapshot/source.hpp"

#include <unistd.h>

#include <cerrno>

#include "engine/base/error.hpp"

namespace tug::engine::snapshot {

std::string_view FdSource::next() {
    for (;;) {
        ssize_t n = ::read(fd_, buf_.data(), buf_.size());
        if (n >= 0) return {buf_.data(), static_cast<size_t>(n)};
        if (errno != EINTR) throw sys_error("read layer");
    }
}

bool ChunkQueue::push(std::string_view data) {
    if (data.empty()) return true;
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return aborted_ || bytes_ < max_bytes_; });
    if (aborted_) return false;
    chunks_.emplace_back(data);
    bytes_ += data.size();
    cv_.notify_all();
    return true;
}

void ChunkQueue::close() {
    std::lock_guard lk(mu_);
    closed_ = true;
    cv_.notify_all();
}

void ChunkQueue::fail(const std::string& why) {
    std::lock_guard lk(mu_);
    failure_ = why.empty() ? "download failed" : why;
    closed_ = true;
    cv_.notify_all();
}

std::string_view ChunkQueue::next() {
    std::unique_lock lk(mu_);
    if (!current_.empty()) {
        bytes_ -= current_.size();
        current_.clear();
        cv_.notify_all();
    }
    cv_.wait(lk, [&] { return !chunks_.empty() || closed_; });
    if (!failure_.empty()) throw Error(Errc::Canceled, failure_);
    if (chunks_.empty()) return {};
    current_ = std::move(chunks_.front());
    chunks_.pop_front();
    return current_;
}

void ChunkQueue::abort() {
    std::lock_guard lk(mu_);
    aborted_ = true;
    chunks_.clear();
    cv_.notify_all();
}

}  // namespace tug::engine::snapshot
