// ISA-L gzip decoding: chunk boundaries, several members, trailing bytes, corruption.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/snapshot/gunzip.hpp"
#include "test/unit/snapshot/gzip_data.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug {
namespace {

using engine::snapshot::Gunzip;
using test::gzip;
using test::mixed_data;
using test::StringSource;

std::string gunzip(const std::string& packed, size_t chunk) { return test::decode_all<Gunzip>(packed, chunk); }

TEST(Gunzip, DecodesAcrossAnyChunking) {
    const std::string data = mixed_data(3 << 20);
    const std::string packed = gzip(data);
    ASSERT_TRUE(engine::snapshot::looks_gzip(packed));
    for (size_t chunk : {size_t{1} << 20, size_t{4096}, size_t{777}, size_t{1}}) {
        if (chunk == 1) {  // byte by byte: a smaller input, or the test takes seconds
            const std::string small = mixed_data(100000);
            EXPECT_EQ(gunzip(gzip(small), 1), small);
            continue;
        }
        EXPECT_EQ(gunzip(packed, chunk), data) << "chunk " << chunk;
    }
}

TEST(Gunzip, ConcatenatedMembersDecodeOneAfterTheOther) {
    const std::string a = mixed_data(200000), b = "second member\n";
    EXPECT_EQ(gunzip(gzip(a) + gzip(b), 1000), a + b);
}

TEST(Gunzip, TrailingZerosAfterTheLastMemberAreIgnored) {
    const std::string a = mixed_data(50000);
    EXPECT_EQ(gunzip(gzip(a) + std::string(1024, '\0'), 4096), a);
}

TEST(Gunzip, EmptyPayloadGivesNothing) { EXPECT_EQ(gunzip(gzip(""), 4096), ""); }

TEST(Gunzip, CorruptDataIsAnError) {
    std::string packed = gzip(mixed_data(100000));
    packed[packed.size() / 2] ^= 0x55;
    packed[packed.size() / 2 + 1] ^= 0x55;
    EXPECT_THROW(gunzip(packed, 4096), Error);
}

TEST(Gunzip, WrongChecksumIsAnError) {
    std::string packed = gzip(mixed_data(10000));
    packed[packed.size() - 6] ^= 1;  // in the CRC32 of the trailer
    EXPECT_THROW(gunzip(packed, 4096), Error);
}

TEST(Gunzip, TruncatedStreamIsAnError) {
    const std::string packed = gzip(mixed_data(100000));
    try {
        gunzip(packed.substr(0, packed.size() / 2), 4096);
        FAIL() << "truncated stream accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("unexpected end of data"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace tug
