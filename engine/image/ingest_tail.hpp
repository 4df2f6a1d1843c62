// IngestTail: reads a blob's ingest file while the download is still writing it, so a
// layer is unpacked as it streams in (and a resumed download unpacks the part fetched
// before the interruption from the same file).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "engine/base/unique_fd.hpp"
#include "engine/content/store.hpp"
#include "engine/snapshot/source.hpp"

namespace tug::engine::image {

// Path of the data file of the ingest of digest. The content store writes it through a
// Writer (plain write(2)s, no user-space buffering) and renames it into the store on
// commit, so an fd opened here keeps reading the same bytes throughout.
std::string ingest_data_path(const content::Store& store, const std::string& digest);

class IngestTail : public snapshot::StreamSource {
public:
    explicit IngestTail(base::UniqueFd fd) : fd_(std::move(fd)), buf_(1 << 20) {}

    // Consumer (unpack thread).
    std::string_view next() override;
    void abort();  // the consumer failed; the producer should stop

    // Producer (download thread).
    void notify();  // more bytes were written
    void finish();  // the download completed and the blob was committed
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

}  // namespace tug::engine::image
