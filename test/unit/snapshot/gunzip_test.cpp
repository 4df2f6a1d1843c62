// ISA-L gzip decoding: chunk boundaries, several members, trailing bytes, corruption.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "engine/base/error.hpp"
#include "engine/snapshot/gunzip.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug {
namespace {

using engine::snapshot::Gunzip;
using test::StringSource;

// data gzip'ed by libarchive (zlib), one member.
std::string gzip(const std::string& data) {
    archive* a = archive_write_new();
    archive_write_set_format_raw(a);
    archive_write_add_filter_gzip(a);
    std::string out(data.size() + 65536, '\0');
    size_t used = 0;
    if (archive_write_open_memory(a, out.data(), out.size(), &used) != ARCHIVE_OK)
        throw std::runtime_error(archive_error_string(a));
    archive_entry* e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

std::string gunzip(const std::string& packed, size_t chunk) {
    StringSource src(packed, chunk);
    Gunzip gz(src);
    std::string out;
    for (std::string_view v; !(v = gz.next()).empty();) out.append(v);
    return out;
}

std::string mixed_data(size_t n) {
    std::mt19937 rng(7);
    std::string s;
    while (s.size() < n) {
        // Runs of text (compressible) between random bytes (not).
        s.append(std::string(rng() % 4000, static_cast<char>('a' + rng() % 26)));
        for (int i = 0; i < 3000; ++i) s.push_back(static_cast<char>(rng()));
    }
    s.resize(n);
    return s;
}

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
