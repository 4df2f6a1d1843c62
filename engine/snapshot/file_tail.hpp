// FileTail: reads a file while another thread is still writing it, so a layer is
// unpacked as it streams in: a pull's ingest (a resumed download unpacks the part
// fetched before the interruption from the same file), a load's staged blob.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "engine/base/unique_fd.hpp"
#include "engine/snapshot/source.hpp"

namespace tug::engine::snapshot {

// The writer uses plain write(2)s (no user-space buffering), so what it has written is
// what a read here sees; the file may be renamed meanwhile, the fd keeps reading it.
class FileTail : public StreamSource {
public:
    explicit FileTail(base::UniqueFd fd) : fd_(std::move(fd)), buf_(1 << 20) {}

    // Consumer (unpack thread).
    std::string_view next() override;
    void cancel() override { abort(); }
    void abort();  // the consumer failed; the producer should stop, next() stops waiting

    // Producer (writing thread).
    void notify();  // more bytes were written
    void finish();  // the file is whole
    void fail(const std::string& why);
    bool aborted();

private:
    base::UniqueFd fd_;
    std::vector<char> buf_;
    int64_t pos_ = 0;
    std::mutex mu_;
    std::condition_variable cv_;
    uint64_t seq_ = 0;
    bool done_ = false;
    bool aborted_ = false;
    std::string failure_;
};

}  // namespace tug::engine::snapshot
