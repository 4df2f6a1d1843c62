// TarReader against archives libarchive writes in each tar dialect (ustar, pax, GNU,
// V7), every field a layer entry carries, and damaged archives: bad checksums,
// truncation, sparse files.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "engine/snapshot/tar_reader.hpp"
#include "engine/base/error.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug::engine::snapshot {
namespace {

using test::StringSource;

struct Item {
    std::string name;
    char type;  // '0' file, '1' hard link, '2' symlink, '5' directory
    std::string data_or_link;
};

// The items as a tar in libarchive's format `format` (ARCHIVE_FORMAT_TAR_*).
std::string write_tar(int format, const std::vector<Item>& items) {
    struct archive* a = archive_write_new();
    archive_write_set_format(a, format);
    size_t cap = 1 << 16;
    for (const auto& i : items) cap += i.data_or_link.size() + 4096;
    std::string out(cap, '\0');
    size_t used = 0;
    if (archive_write_open_memory(a, out.data(), out.size(), &used) != ARCHIVE_OK)
        throw std::runtime_error(archive_error_string(a));
    for (const auto& i : items) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, i.name.c_str());
        archive_entry_set_perm(e, 0644);
        if (i.type == '0') {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, static_cast<la_int64_t>(i.data_or_link.size()));
        } else if (i.type == '1') {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_hardlink(e, i.data_or_link.c_str());
        } else if (i.type == '2') {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, i.data_or_link.c_str());
        } else {
            archive_entry_set_filetype(e, AE_IFDIR);
        }
        if (archive_write_header(a, e) != ARCHIVE_OK) throw std::runtime_error(archive_error_string(a));
        if (i.type == '0') archive_write_data(a, i.data_or_link.data(), i.data_or_link.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

// Every entry with its data (files) or link target.
std::vector<Item> read_all(const std::string& tar, size_t chunk = 777) {
    StringSource src(tar, chunk);
    TarReader r(src);
    std::vector<Item> out;
    for (TarEntry e; r.next(e);) {
        Item i{e.name, e.regular() ? '0' : e.type, e.link};
        if (e.regular()) {
            i.data_or_link.clear();
            for (std::string_view v; !(v = r.data()).empty();) i.data_or_link.append(v);
            EXPECT_EQ(static_cast<int64_t>(i.data_or_link.size()), e.size) << e.name;
        }
        out.push_back(std::move(i));
    }
    r.drain();
    return out;
}

const std::string kLong = "blobs/sha256/" + std::string(150, 'a') + "/" + std::string(40, 'b');

std::vector<Item> sample_items() {
    return {{"index.json", '0', "{}"},
            {"blobs/", '5', ""},
            {kLong, '0', std::string(70000, 'x') + "end"},
            {"empty", '0', ""},
            {"link-to-index", '2', "index.json"},
            {"long-link", '2', std::string(130, 'c')},
            {"hard", '1', "index.json"}};
}

void expect_same(const std::vector<Item>& got, const std::vector<Item>& want, const char* dialect) {
    ASSERT_EQ(got.size(), want.size()) << dialect;
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i].name, want[i].name) << dialect;
        EXPECT_EQ(got[i].type, want[i].type) << dialect << " " << want[i].name;
        EXPECT_EQ(got[i].data_or_link, want[i].data_or_link) << dialect << " " << want[i].name;
    }
}

TEST(TarReader, ReadsPaxAndGnuArchivesWithLongNamesAndLinks) {
    const auto items = sample_items();
    for (auto [format, dialect] : {std::pair{ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, "pax restricted"},
                                   std::pair{ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE, "pax"},
                                   std::pair{ARCHIVE_FORMAT_TAR_GNUTAR, "gnutar"}}) {
        const std::string tar = write_tar(format, items);
        expect_same(read_all(tar), items, dialect);
        expect_same(read_all(tar, 1 << 20), items, dialect);
    }
}

TEST(TarReader, ReadsUstarPrefixSplitNames) {
    // 155 + 100 bytes fit ustar's prefix/name split; no extension header is written.
    const std::vector<Item> items{{std::string(120, 'p') + "/" + std::string(90, 'n'), '0', "data"},
                                  {"short", '0', "s"}};
    expect_same(read_all(write_tar(ARCHIVE_FORMAT_TAR_USTAR, items)), items, "ustar");
}

// Every field a layer's entry carries, written by libarchive in pax and GNU form.
TEST(TarReader, ReadsOwnersModesTimesDevicesAndXattrs) {
    for (auto [format, dialect] : {std::pair{ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE, "pax"},
                                   std::pair{ARCHIVE_FORMAT_TAR_GNUTAR, "gnutar"}}) {
        const bool pax = format == ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE;
        struct archive* a = archive_write_new();
        archive_write_set_format(a, format);
        std::string out(1 << 16, '\0');
        size_t used = 0;
        ASSERT_EQ(archive_write_open_memory(a, out.data(), out.size(), &used), ARCHIVE_OK);
        auto add = [&](const char* name, unsigned type, unsigned perm, auto&& more) {
            archive_entry* e = archive_entry_new();
            archive_entry_set_pathname(e, name);
            archive_entry_set_filetype(e, type);
            archive_entry_set_perm(e, perm);
            archive_entry_set_uid(e, 1234);
            archive_entry_set_gid(e, 5678);
            archive_entry_set_mtime(e, 1700000000, pax ? 123456789 : 0);
            more(e);
            ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
            archive_entry_free(e);
        };
        add("suid", AE_IFREG, 04755, [&](archive_entry* e) {
            archive_entry_set_size(e, 0);
            if (pax) archive_entry_xattr_add_entry(e, "user.bin", "b\0c", 3);
        });
        add("null", AE_IFCHR, 0666, [](archive_entry* e) { archive_entry_set_rdev(e, makedev(1, 3)); });
        add("pipe", AE_IFIFO, 0600, [](archive_entry*) {});
        add("dir/", AE_IFDIR, 0750, [](archive_entry*) {});
        archive_write_close(a);
        archive_write_free(a);
        out.resize(used);

        StringSource src(out, 333);
        TarReader r(src);
        std::vector<TarEntry> got;
        for (TarEntry e; r.next(e);) got.push_back(e);
        ASSERT_EQ(got.size(), 4u) << dialect;
        for (const auto& e : got) {
            EXPECT_EQ(e.uid, 1234) << dialect << " " << e.name;
            EXPECT_EQ(e.gid, 5678) << dialect << " " << e.name;
            EXPECT_EQ(e.mtime.sec, 1700000000) << dialect << " " << e.name;
            EXPECT_EQ(e.mtime.nsec, pax ? 123456789 : 0) << dialect << " " << e.name;
        }
        EXPECT_TRUE(got[0].regular());
        EXPECT_EQ(got[0].mode, 04755u) << dialect;
        if (pax) {
            EXPECT_EQ(got[0].xattrs.at("user.bin"), std::string("b\0c", 3));
        }
        EXPECT_EQ(got[1].type, '3') << dialect;
        EXPECT_EQ(got[1].devmajor, 1u) << dialect;
        EXPECT_EQ(got[1].devminor, 3u) << dialect;
        EXPECT_EQ(got[2].type, '6') << dialect;
        EXPECT_EQ(got[3].type, '5') << dialect;
        EXPECT_EQ(got[3].mode, 0750u) << dialect;
    }
}

// A header block for name with size (octal, or base-256 when base256) and a right
// checksum, followed by nothing.
std::string header(const std::string& name, char type, int64_t size, bool base256 = false) {
    char b[512] = {};
    std::memcpy(b, name.data(), std::min<size_t>(name.size(), 100));
    std::memcpy(b + 100, "0000644", 7);
    if (base256) {
        b[124] = static_cast<char>(0x80);
        for (int i = 0; i < 8; ++i) b[135 - i] = static_cast<char>((size >> (8 * i)) & 0xff);
    } else {
        std::snprintf(b + 124, 12, "%011llo", static_cast<unsigned long long>(size));
    }
    b[156] = type;
    std::memcpy(b + 257, "ustar\0" "00", 8);
    std::memset(b + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : b) sum += c;
    std::snprintf(b + 148, 8, "%06o", sum);
    return std::string(b, 512);
}

// "len key=value\n", len counting itself.
std::string pax_record(const std::string& key, const std::string& value) {
    const size_t body = key.size() + value.size() + 3;
    size_t len = body + 1;
    while (std::to_string(len).size() + body != len) ++len;
    return std::to_string(len) + " " + key + "=" + value + "\n";
}

std::string padded(std::string data) {
    data.resize((data.size() + 511) / 512 * 512, '\0');
    return data;
}

TEST(TarReader, ReadsBase256Sizes) {
    const std::string tar = header("big-size-field", '0', 5, true) + padded("hello") + std::string(1024, '\0');
    const auto items = read_all(tar);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].data_or_link, "hello");
}

TEST(TarReader, ReadsBase256OwnersAndV7Directories) {
    std::string h = header("old-style-dir/", '0', 0);
    // uid 2^32 in base-256 (too big for 7 octal digits), checksum recomputed.
    std::memset(&h[108], 0, 8);
    h[108] = static_cast<char>(0x80);
    h[111] = 1;
    std::memset(&h[148], ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    std::snprintf(&h[148], 8, "%06o", sum);
    StringSource src(h + std::string(1024, '\0'));
    TarReader r(src);
    TarEntry e;
    ASSERT_TRUE(r.next(e));
    EXPECT_EQ(e.type, '5');
    EXPECT_EQ(e.uid, int64_t{1} << 32);
    EXPECT_FALSE(r.next(e));
}

TEST(TarReader, ReadsLibarchiveXattrRecordsAndPaxTimes) {
    // LIBARCHIVE.xattr.<%-encoded name>=<base64 value>, and times before the epoch.
    const std::string recs = pax_record("LIBARCHIVE.xattr.user.a%3Db", "dmFsdWU=") + pax_record("mtime", "-12.5") +
                             pax_record("atime", "1.000000001");
    StringSource src(header("x", 'x', static_cast<int64_t>(recs.size())) + padded(recs) + header("f", '0', 0) +
                     std::string(1024, '\0'));
    TarReader r(src);
    TarEntry e;
    ASSERT_TRUE(r.next(e));
    EXPECT_EQ(e.xattrs.at("user.a=b"), "value");
    EXPECT_EQ(e.mtime.sec, -13);
    EXPECT_EQ(e.mtime.nsec, 500000000);
    ASSERT_TRUE(e.atime.has_value());
    EXPECT_EQ(e.atime->sec, 1);
    EXPECT_EQ(e.atime->nsec, 1);
}

TEST(TarReader, EndsAtAStreamEndBetweenEntries) {
    // No end-of-archive blocks: what some writers leave; the entries are all there.
    const auto items = read_all(header("a", '0', 1) + padded("1"));
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].data_or_link, "1");
}

std::string error_of(const std::string& tar) {
    try {
        read_all(tar);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::InvalidArgument);
        return e.message();
    }
    return "";
}

TEST(TarReader, RejectsDamagedArchives) {
    std::string bad = header("a", '0', 1) + padded("1");
    bad[0] = 'b';  // the checksum no longer matches
    EXPECT_NE(error_of(bad).find("checksum"), std::string::npos);
    EXPECT_NE(error_of(std::string(2000, 'j')).find("checksum"), std::string::npos);
    EXPECT_NE(error_of("garbage\n").find("unexpected end of archive"), std::string::npos);
    EXPECT_NE(error_of(header("a", '0', 4096) + std::string(100, 'd')).find("unexpected end of archive"),
              std::string::npos);
    EXPECT_NE(error_of(header("s", 'S', 0)).find("sparse"), std::string::npos);
    const std::string pax = "22 GNU.sparse.major=1\n";
    EXPECT_NE(error_of(header("x", 'x', static_cast<int64_t>(pax.size())) + padded(pax) + header("a", '0', 0))
                  .find("sparse"),
              std::string::npos);
    EXPECT_NE(error_of(header("x", 'x', 10) + padded("99 path=a\n") + header("a", '0', 0)).find("pax"),
              std::string::npos);
    const std::string nul_path = pax_record("path", std::string("a\0/../../x", 10));
    EXPECT_NE(error_of(header("x", 'x', static_cast<int64_t>(nul_path.size())) + padded(nul_path) + header("a", '0', 0))
                  .find("NUL"),
              std::string::npos);
}

}  // namespace
}  // namespace tug::engine::snapshot
