// Layer application: file types, compression, diff ids, and every escape we reject.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/content/descriptor.hpp"
#include "engine/snapshot/apply.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug {
namespace {

using engine::snapshot::apply_layer;
using engine::snapshot::ApplyOptions;
using engine::snapshot::WhiteoutMode;
using test::StringSource;
using test::TarBuilder;
namespace fs = std::filesystem;

struct ApplyTest : ::testing::Test {
    base::TempDir tmp{"/tmp", "tug-apply-test-"};
    std::string root = tmp.path() + "/root";
    std::string outside = tmp.path() + "/outside";
    void SetUp() override {
        fs::create_directory(root);
        fs::create_directory(outside);
    }
    engine::snapshot::ApplyResult apply(const std::string& tar, WhiteoutMode m = WhiteoutMode::Delete,
                                        std::string diff_id = "") {
        StringSource src(tar);
        ApplyOptions o;
        o.whiteouts = m;
        o.expected_diff_id = std::move(diff_id);
        return apply_layer(root, src, o);
    }
    std::string apply_error(const std::string& tar) {
        try {
            apply(tar);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::InvalidArgument) << e.what();
            return e.what();
        }
        ADD_FAILURE() << "layer was accepted";
        return "";
    }
    bool outside_empty() const { return fs::is_empty(outside); }
};

TEST_F(ApplyTest, UnpacksFilesDirsSymlinksHardlinks) {
    auto tar = TarBuilder()
                   .dir("etc", 0750)
                   .file("etc/hosts", "127.0.0.1 localhost\n", 0640)
                   .mtime(1600000000)
                   .symlink("etc/link", "hosts")
                   .hardlink("etc/hard", "etc/hosts")
                   .file("./bin//sh", "#!", 04755)
                   .fifo("run.fifo")
                   .build();
    auto res = apply(tar);
    EXPECT_EQ(res.diff_id, engine::content::sha256_digest(tar));
    EXPECT_EQ(res.size, 22u);
    EXPECT_EQ(base::read_file(root + "/etc/hosts"), "127.0.0.1 localhost\n");
    struct stat st {}, st2 {};
    ASSERT_EQ(::stat((root + "/etc/hosts").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    EXPECT_EQ(st.st_mtime, 1600000000);
    ASSERT_EQ(::stat((root + "/etc/hard").c_str(), &st2), 0);
    EXPECT_EQ(st.st_ino, st2.st_ino);
    EXPECT_EQ(fs::read_symlink(root + "/etc/link"), "hosts");
    ASSERT_EQ(::stat((root + "/etc").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
    EXPECT_EQ(st.st_mtime, 1700000000);  // set after its children were written
    ASSERT_EQ(::stat((root + "/bin/sh").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 04755u);
    ASSERT_EQ(::lstat((root + "/run.fifo").c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

// Directories a layer implies but does not list are 0755, as docker makes them, whatever
// the umask of the process unpacking it.
TEST_F(ApplyTest, ImpliedDirectoriesAre0755UnderAnyUmask) {
    const mode_t old = ::umask(077);
    apply(TarBuilder().file("usr/share/doc/f", "x", 0644).dir("opt/app", 0750).build());
    ::umask(old);
    struct stat st {};
    for (const char* d : {"usr", "usr/share", "usr/share/doc", "opt"}) {
        ASSERT_EQ(::stat((root + "/" + d).c_str(), &st), 0) << d;
        EXPECT_EQ(st.st_mode & 07777, 0755u) << d;
    }
    ASSERT_EQ(::stat((root + "/opt/app").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
    ASSERT_EQ(::stat((root + "/usr/share/doc/f").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0644u);
}

TEST_F(ApplyTest, OwnersAndDeviceNodesNeedRootAndAreKept) {
    if (::geteuid() != 0) GTEST_SKIP() << "chown and mknod need root";
    apply(TarBuilder().file("owned", "x").owner(1234, 5678).chardev("null", 1, 3).owner(0, 5).build());
    struct stat st {};
    ASSERT_EQ(::stat((root + "/owned").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 1234u);
    EXPECT_EQ(st.st_gid, 5678u);
    ASSERT_EQ(::lstat((root + "/null").c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_EQ(st.st_rdev, makedev(1, 3));
    EXPECT_EQ(st.st_gid, 5u);
}

TEST_F(ApplyTest, GzipAndZstdGiveTheUncompressedDiffId) {
    TarBuilder b;
    b.dir("d").file("d/f", std::string(100000, 'x'));
    const std::string plain = b.build();
    for (auto c : {TarBuilder::Compression::Gzip, TarBuilder::Compression::Zstd}) {
        const std::string packed = b.build(c);
        ASSERT_NE(packed, plain);
        fs::remove_all(root);
        fs::create_directory(root);
        auto res = apply(packed, WhiteoutMode::Delete, engine::content::sha256_digest(plain));
        EXPECT_EQ(res.diff_id, engine::content::sha256_digest(plain));
        EXPECT_EQ(fs::file_size(root + "/d/f"), 100000u);
    }
}

TEST_F(ApplyTest, DiffIdMismatchIsAnError) {
    auto tar = TarBuilder().file("a", "1").build();
    try {
        apply(tar, WhiteoutMode::Delete, "sha256:" + std::string(64, '0'));
        FAIL() << "mismatch accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("does not match diff id"), std::string::npos) << e.what();
    }
}

TEST_F(ApplyTest, RejectsDotDot) {
    auto msg = apply_error(TarBuilder().file("a/../../outside/x", "pwned").build());
    EXPECT_NE(msg.find("a/../../outside/x"), std::string::npos) << msg;
    EXPECT_TRUE(outside_empty());
}

TEST_F(ApplyTest, RejectsAbsolutePaths) {
    auto msg = apply_error(TarBuilder().file(outside + "/x", "pwned").build());
    EXPECT_NE(msg.find("absolute"), std::string::npos) << msg;
    EXPECT_TRUE(outside_empty());
}

TEST_F(ApplyTest, RejectsWritesThroughSymlinks) {
    // An absolute symlink, then a relative one climbing out, then a file through each.
    auto msg = apply_error(TarBuilder().symlink("evil", outside).file("evil/x", "pwned").build());
    EXPECT_NE(msg.find("evil/x"), std::string::npos) << msg;
    EXPECT_NE(msg.find("symlink"), std::string::npos) << msg;
    fs::remove_all(root);
    fs::create_directory(root);
    apply_error(TarBuilder().dir("a").symlink("a/up", "../../outside").file("a/up/y", "pwned").build());
    fs::remove_all(root);
    fs::create_directory(root);
    // Even a symlink that stays inside may not be a parent path.
    apply_error(TarBuilder().dir("real").symlink("alias", "real").file("alias/z", "x").build());
    EXPECT_TRUE(outside_empty());
}

TEST_F(ApplyTest, ReplacingAFileWithASymlinkDoesNotFollowIt) {
    std::ofstream(outside + "/victim") << "keep";
    apply(TarBuilder().symlink("f", outside + "/victim").file("f", "new").build());
    EXPECT_EQ(base::read_file(outside + "/victim"), "keep");
    EXPECT_EQ(base::read_file(root + "/f"), "new");
    EXPECT_FALSE(fs::is_symlink(root + "/f"));
}

TEST_F(ApplyTest, RejectsEscapingHardlinks) {
    std::ofstream(outside + "/secret") << "s";
    apply_error(TarBuilder().hardlink("h", "../outside/secret").build());
    apply_error(TarBuilder().hardlink("h", outside + "/secret").build());
    // Through a symlink to a directory outside.
    fs::remove_all(root);
    fs::create_directory(root);
    apply_error(TarBuilder().symlink("s", outside).hardlink("h", "s/secret").build());
    EXPECT_FALSE(fs::exists(root + "/h"));
}

TEST_F(ApplyTest, WhiteoutsDeleteInDeleteMode) {
    apply(TarBuilder().dir("a").file("a/x", "1").file("a/y", "2").dir("b").file("b/z", "3").build());
    apply(TarBuilder().file("a/.wh.x", "").dir("b").file("b/.wh..wh..opq", "").file("b/new", "4").build());
    EXPECT_FALSE(fs::exists(root + "/a/x"));
    EXPECT_FALSE(fs::exists(root + "/a/.wh.x"));
    EXPECT_TRUE(fs::exists(root + "/a/y"));
    EXPECT_FALSE(fs::exists(root + "/b/z"));
    EXPECT_TRUE(fs::exists(root + "/b/new"));
    EXPECT_FALSE(fs::exists(root + "/b/.wh..wh..opq"));
}

TEST_F(ApplyTest, WhiteoutsBecomeOverlayFormInOverlayMode) {
    if (::geteuid() != 0) GTEST_SKIP() << "overlay whiteouts need root (mknod, trusted xattrs)";
    apply(TarBuilder().dir("a").file("a/.wh.gone", "").dir("o").file("o/.wh..wh..opq", "").file("o/kept", "k").build(),
          WhiteoutMode::Overlay);
    struct stat st {};
    ASSERT_EQ(::lstat((root + "/a/gone").c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_EQ(st.st_rdev, makedev(0, 0));
    char v[4] = {};
    ASSERT_EQ(::getxattr((root + "/o").c_str(), "trusted.overlay.opaque", v, sizeof v), 1);
    EXPECT_EQ(v[0], 'y');
    EXPECT_TRUE(fs::exists(root + "/o/kept"));
}

TEST_F(ApplyTest, LayerXattrsAreKeptButOverlayOnesAreNot) {
    if (::geteuid() != 0) GTEST_SKIP() << "trusted.* xattrs need root";
    apply(TarBuilder().file("f", "x").xattr("user.note", "hi").xattr("trusted.overlay.opaque", "y").build());
    char v[8] = {};
    EXPECT_EQ(::getxattr((root + "/f").c_str(), "user.note", v, sizeof v), 2);
    EXPECT_LT(::getxattr((root + "/f").c_str(), "trusted.overlay.opaque", v, sizeof v), 0);
}

TEST_F(ApplyTest, CorruptStreamIsAnError) {
    std::string tar = TarBuilder().file("a", std::string(5000, 'a')).build(TarBuilder::Compression::Gzip);
    tar.resize(tar.size() / 2);
    EXPECT_THROW(apply(tar), Error);
}

}  // namespace
}  // namespace tug
