// AheadSource through its two uses: InflateAhead gives the same bytes as Gunzip across
// many buffers, hands errors to the reader, and a reader that stops early does not leave
// the thread hanging; direct_file_source reads any range of a file with O_DIRECT.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/snapshot/ahead_source.hpp"
#include "test/unit/snapshot/gzip_data.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug {
namespace {

using engine::snapshot::InflateAhead;
using test::gzip;
using test::mixed_data;
using test::StringSource;

std::string inflate_ahead(const std::string& packed, size_t chunk) { return test::decode_all<InflateAhead>(packed, chunk); }

// A source that fails after some bytes, as a download or a staging that broke off.
class FailingSource : public engine::snapshot::StreamSource {
public:
    FailingSource(std::string data, size_t fail_at) : data_(std::move(data)), fail_at_(fail_at) {}
    std::string_view next() override {
        if (pos_ >= fail_at_) throw Error(Errc::Canceled, "producer broke off");
        std::string_view v = std::string_view(data_).substr(pos_, 4096);
        pos_ += v.size();
        return v;
    }

private:
    std::string data_;
    size_t fail_at_, pos_ = 0;
};

TEST(InflateAhead, GivesWhatGunzipGivesOverManyBuffers) {
    // 9 MiB decompressed: more than the ring of 1 MiB buffers holds, so the thread waits
    // for the reader again and again.
    const std::string data = mixed_data(9 << 20);
    const std::string packed = gzip(data);
    for (size_t chunk : {size_t{1} << 20, size_t{4096}, size_t{777}})
        EXPECT_EQ(inflate_ahead(packed, chunk), data) << "chunk " << chunk;
}

TEST(InflateAhead, EmptyPayloadGivesNothing) { EXPECT_EQ(inflate_ahead(gzip(""), 4096), ""); }

TEST(InflateAhead, CorruptDataReachesTheReaderAsAnError) {
    std::string packed = gzip(mixed_data(3 << 20));
    packed[packed.size() / 2] ^= 0x55;
    packed[packed.size() / 2 + 1] ^= 0x55;
    EXPECT_THROW(inflate_ahead(packed, 4096), Error);
}

TEST(InflateAhead, SourceFailureReachesTheReaderWithItsMessage) {
    const std::string packed = gzip(mixed_data(3 << 20));
    FailingSource src(packed, packed.size() / 2);
    InflateAhead gz(src);
    try {
        while (!gz.next().empty()) {
        }
        FAIL() << "the failure of the source was not reported";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "producer broke off");
    }
}

TEST(InflateAhead, ReaderThatStopsEarlyEndsTheThread) {
    const std::string packed = gzip(mixed_data(9 << 20));
    StringSource src(packed, 4096);
    {
        InflateAhead gz(src);
        ASSERT_FALSE(gz.next().empty());
    }  // the destructor returns although 8 MiB were never read
    SUCCEED();
}

// A source that blocks until cancelled, as a download that stalled.
class StalledSource : public engine::snapshot::StreamSource {
public:
    explicit StalledSource(std::string first) : first_(std::move(first)) {}
    std::string_view next() override {
        if (!given_) {
            given_ = true;
            return first_;
        }
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return cancelled_; });
        throw Error(Errc::Canceled, "cancelled");
    }
    void cancel() override {
        std::lock_guard lock(mu_);
        cancelled_ = true;
        cv_.notify_all();
    }
    bool cancelled() {
        std::lock_guard lock(mu_);
        return cancelled_;
    }

private:
    std::string first_;
    bool given_ = false, cancelled_ = false;
    std::mutex mu_;
    std::condition_variable cv_;
};

TEST(InflateAhead, ReaderThatStopsEarlyCancelsAStalledSource) {
    // The first 64 KiB of a gzip stream, then nothing: the inflating thread waits for
    // more until the reader's InflateAhead goes and cancels the source.
    const std::string packed = gzip(mixed_data(3 << 20));
    StalledSource src(packed.substr(0, 65536));
    {
        InflateAhead gz(src);
        ASSERT_FALSE(gz.next().empty());
    }
    EXPECT_TRUE(src.cancelled());
}

std::string read_all(engine::snapshot::StreamSource& src) {
    std::string out;
    for (std::string_view v; !(v = src.next()).empty();) out.append(v);
    return out;
}

TEST(DirectFileSource, ReadsAnyRangeOfAFile) {
    // In the build tree (the working directory of the tests), not /tmp: an older tmpfs
    // has no O_DIRECT.
    base::TempDir dir(".", "tug-direct-test-");
    const std::string data = mixed_data((3 << 20) + 12345);
    base::atomic_write_file(dir.path() + "/f", data);
    base::UniqueFd fd = base::open_fd((dir.path() + "/f").c_str(), O_RDONLY);
    const int64_t size = static_cast<int64_t>(data.size());
    for (auto [offset, length] : {std::pair<int64_t, int64_t>{0, size}, {1000, size - 1000}, {512, 70000},
                                  {4096 * 3 + 7, (2 << 20) + 1}, {size - 1, 1}, {size, 0}}) {
        auto src = engine::snapshot::direct_file_source(fd.get(), offset, length);
        ASSERT_NE(src, nullptr) << "O_DIRECT refused on the build tree's file system";
        EXPECT_EQ(read_all(*src), data.substr(static_cast<size_t>(offset), static_cast<size_t>(length)))
            << offset << "+" << length;
    }
    EXPECT_EQ(engine::snapshot::direct_file_source(fd.get(), 10, size), nullptr) << "a range past the end";
    // The fd's own offset is not moved.
    EXPECT_EQ(::lseek(fd.get(), 0, SEEK_CUR), 0);
}

TEST(DirectFileSource, PipesAreLeftToOrdinaryReads) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    base::UniqueFd r(p[0]), w(p[1]);
    EXPECT_EQ(engine::snapshot::direct_file_source(r.get(), 0, 0), nullptr);
}

}  // namespace
}  // namespace tug
