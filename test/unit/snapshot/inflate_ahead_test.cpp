// InflateAhead: the same bytes as Gunzip across many buffers, errors handed to the
// reader, and a reader that stops early does not leave the thread hanging.
#include <gtest/gtest.h>

#include <atomic>

#include "engine/base/error.hpp"
#include "engine/snapshot/inflate_ahead.hpp"
#include "test/unit/snapshot/gzip_data.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug {
namespace {

using engine::snapshot::InflateAhead;
using test::gzip;
using test::mixed_data;
using test::StringSource;

std::string inflate_ahead(const std::string& packed, size_t chunk) {
    StringSource src(packed, chunk);
    InflateAhead gz(src);
    std::string out;
    for (std::string_view v; !(v = gz.next()).empty();) out.append(v);
    return out;
}

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

}  // namespace
}  // namespace tug
