// The snapshotter: chain ids, unpack into place, failure cleanup, races, mounts.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/content/descriptor.hpp"
#include "engine/snapshot/fs_ops.hpp"
#include "engine/snapshot/snapshotter.hpp"
#include "test/unit/snapshot/tar_builder.hpp"

namespace tug {
namespace {

using engine::snapshot::LayerUnpack;
using engine::snapshot::Snapshotter;
using test::StringSource;
using test::TarBuilder;
namespace fs = std::filesystem;

std::string digest(const std::string& s) { return engine::content::sha256_digest(s); }

struct SnapshotterTest : ::testing::Test {
    base::TempDir tmp{"/tmp", "tug-snap-test-"};
    std::string root = tmp.path() + "/snapshots";

    LayerUnpack layer(const std::string& tar, const std::string& parent_chain) {
        LayerUnpack l;
        l.diff_id = digest(tar);
        l.chain_id = engine::snapshot::chain_id(parent_chain, l.diff_id);
        l.parent_chain_id = parent_chain;
        l.layer_digest = "sha256:" + std::string(64, 'b');
        return l;
    }
    std::vector<std::string> leftovers() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(root)) {
            const std::string n = e.path().filename();
            if (n != "driver") out.push_back(n);
        }
        return out;
    }
};

TEST(ChainId, FollowsTheOciDefinition) {
    const std::string a = "sha256:" + std::string(64, 'a'), b = "sha256:" + std::string(64, 'b');
    auto ids = engine::snapshot::chain_ids({a, b});
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_EQ(ids[0], a);
    EXPECT_EQ(ids[1], digest(a + " " + b));
}

TEST_F(SnapshotterTest, NativeDriverStacksCopies) {
    Snapshotter s(root, "native");
    EXPECT_EQ(s.driver(), engine::snapshot::Driver::Native);
    auto t1 = TarBuilder().dir("etc").file("etc/a", "1").file("etc/b", "2").build();
    auto t2 = TarBuilder().file("etc/.wh.a", "").file("etc/c", "3").build();
    auto l1 = layer(t1, "");
    auto l2 = layer(t2, l1.chain_id);
    StringSource s1(t1), s2(t2);
    EXPECT_FALSE(s.unpack(l1, s1).existed);
    auto r2 = s.unpack(l2, s2);
    EXPECT_FALSE(r2.existed);
    EXPECT_EQ(r2.size, 2u);
    EXPECT_TRUE(s.exists(l2.chain_id));
    EXPECT_TRUE(fs::exists(s.fs_path(l1.chain_id) + "/etc/a"));
    EXPECT_FALSE(fs::exists(s.fs_path(l2.chain_id) + "/etc/a"));
    EXPECT_EQ(base::read_file(s.fs_path(l2.chain_id) + "/etc/c"), "3");
    EXPECT_EQ(s.size(l2.chain_id), 2u);
    auto listed = s.list();
    EXPECT_EQ(listed.size(), 2u);
    // The driver is recorded: asking for another one on this store fails.
    EXPECT_THROW(Snapshotter(root, "overlayfs"), Error);
    auto m = s.mounts({l1.chain_id, l2.chain_id});
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].type, "bind");
    EXPECT_EQ(m[0].source, s.fs_path(l2.chain_id));

    s.remove(l2.chain_id);
    EXPECT_FALSE(s.exists(l2.chain_id));
    EXPECT_EQ(leftovers().size(), 1u);
}

TEST_F(SnapshotterTest, RejectedLayerLeavesNothing) {
    Snapshotter s(root, "native");
    auto t = TarBuilder().file("ok", "1").symlink("x", "/etc").file("x/passwd", "pwned").build();
    auto l = layer(t, "");
    StringSource src(t);
    try {
        s.unpack(l, src);
        FAIL() << "accepted";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find(l.layer_digest), std::string::npos) << m;
        EXPECT_NE(m.find("x/passwd"), std::string::npos) << m;
    }
    EXPECT_FALSE(s.exists(l.chain_id));
    EXPECT_TRUE(leftovers().empty());
}

TEST_F(SnapshotterTest, BeforeCommitCanAbandonTheSnapshot) {
    Snapshotter s(root, "native");
    auto t = TarBuilder().file("f", "1").build();
    auto l = layer(t, "");
    StringSource src(t);
    EXPECT_THROW(s.unpack(l, src, [] { throw Error(Errc::InvalidArgument, "blob digest mismatch"); }), Error);
    EXPECT_FALSE(s.exists(l.chain_id));
    EXPECT_TRUE(leftovers().empty());
}

TEST_F(SnapshotterTest, ConcurrentUnpacksOfOneChainIdBothSucceed) {
    Snapshotter s(root, "native");
    auto t = TarBuilder().dir("d").file("d/f", std::string(200000, 'z')).build();
    auto l = layer(t, "");
    int existed = 0;
    std::vector<std::thread> threads;
    std::mutex mu;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            StringSource src(t, 4096);
            auto r = s.unpack(l, src);
            std::lock_guard lk(mu);
            existed += r.existed;
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(existed, 3);
    EXPECT_TRUE(s.exists(l.chain_id));
    EXPECT_EQ(leftovers().size(), 1u);
}

TEST_F(SnapshotterTest, OverlayMountsListLowerDirsTopFirst) {
    if (::geteuid() != 0) GTEST_SKIP() << "the overlay driver needs root";
    Snapshotter s(root, "overlayfs");
    const std::string a = "sha256:" + std::string(64, 'a'), b = "sha256:" + std::string(64, 'b');
    auto m = s.mounts({a, b}, "/u", "/w");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].type, "overlay");
    const std::string lower = "lowerdir=" + s.fs_path(b) + ":" + s.fs_path(a);
    EXPECT_NE(std::find(m[0].options.begin(), m[0].options.end(), lower), m[0].options.end());
    EXPECT_NE(std::find(m[0].options.begin(), m[0].options.end(), "upperdir=/u"), m[0].options.end());
    auto ro = s.mounts({a});
    EXPECT_EQ(ro[0].type, "bind");
}

TEST_F(SnapshotterTest, OverlayLayersUnpackIndependently) {
    if (::geteuid() != 0) GTEST_SKIP() << "the overlay driver needs root";
    Snapshotter s(root, "overlayfs");
    auto t1 = TarBuilder().file("a", "1").build();
    auto t2 = TarBuilder().file(".wh.a", "").file("b", "2").build();
    auto l1 = layer(t1, "");
    auto l2 = layer(t2, l1.chain_id);
    StringSource s2(t2);
    s.unpack(l2, s2);  // before its parent: fine for overlay
    EXPECT_FALSE(fs::exists(s.fs_path(l2.chain_id) + "/b") == false);
    struct stat st {};
    ASSERT_EQ(::lstat((s.fs_path(l2.chain_id) + "/a").c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
}

// The snapshot root carries ext4's top-directory flag, so snapshots spread over block
// groups; on file systems without inode flags the hint is skipped silently.
TEST_F(SnapshotterTest, RootIsMarkedTopDirectoryWhereSupported) {
    Snapshotter s(root, "native");
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    int flags = 0;
    const bool has_flags = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    struct statfs sfs {};
    ASSERT_EQ(::fstatfs(fd, &sfs), 0);
    ::close(fd);
    if (sfs.f_type == 0xEF53) {  // ext2/3/4
        ASSERT_TRUE(has_flags);
        EXPECT_TRUE(flags & FS_TOPDIR_FL);
    }
    EXPECT_EQ(engine::snapshot::mark_top_directory(root), has_flags && (flags & FS_TOPDIR_FL));
    EXPECT_FALSE(engine::snapshot::mark_top_directory(root + "/missing"));
}

}  // namespace
}  // namespace tug

namespace tug {
namespace {

struct PreparedLayerTest : SnapshotterTest {};

TEST_F(PreparedLayerTest, CommitsUnderItsChainWhenTheDiffIdMatches) {
    Snapshotter s(root, "overlayfs");
    const std::string tar = TarBuilder().file("a", "1").build();
    StringSource src(tar);
    auto prepared = s.prepare(src);
    EXPECT_EQ(prepared.diff_id, digest(tar));
    auto l = layer(tar, "");
    auto res = s.commit_prepared(l, std::move(prepared));
    ASSERT_TRUE(res.has_value());
    EXPECT_FALSE(res->existed);
    EXPECT_TRUE(s.exists(l.chain_id));
    EXPECT_TRUE(fs::exists(s.fs_path(l.chain_id) + "/a"));
    EXPECT_EQ(leftovers(), std::vector<std::string>{l.chain_id.substr(7)});
}

TEST_F(PreparedLayerTest, AnotherDiffIdIsRefusedAndLeavesNothing) {
    Snapshotter s(root, "overlayfs");
    const std::string tar = TarBuilder().file("a", "1").build();
    StringSource src(tar);
    auto prepared = s.prepare(src);
    auto l = layer(TarBuilder().file("b", "2").build(), "");
    EXPECT_FALSE(s.commit_prepared(l, std::move(prepared)).has_value());
    EXPECT_FALSE(s.exists(l.chain_id));
    EXPECT_TRUE(leftovers().empty());
}

TEST_F(PreparedLayerTest, NativeDriverCannotPrepare) {
    Snapshotter s(root, "native");
    StringSource src(TarBuilder().file("a", "1").build());
    EXPECT_THROW(s.prepare(src), Error);
}

}  // namespace
}  // namespace tug
