// User and group resolution against a container's passwd and group files, as docker and
// runc resolve them, and reading those files inside a rootfs only.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/spec/user.hpp"

using namespace tug::engine::spec;

namespace {
const char* kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
    "app:x:1000:1000:App:/home/app:/bin/sh\n";
const char* kGroup =
    "root:x:0:\n"
    "wheel:x:10:root\n"
    "app:x:1000:\n"
    "audio:x:29:app,daemon\n"
    "video:x:44:app\n";
}  // namespace

TEST(ResolveUser, RootWithSupplementaryGroups) {
    auto u = resolve_user("", kPasswd, kGroup);
    EXPECT_EQ(u.uid, 0u);
    EXPECT_EQ(u.gid, 0u);
    EXPECT_EQ(u.additional_gids, (std::vector<uint32_t>{0, 10}));
    EXPECT_EQ(u.home, "/root");
}

TEST(ResolveUser, NameResolvesUidGidAndMemberships) {
    auto u = resolve_user("app", kPasswd, kGroup);
    EXPECT_EQ(u.uid, 1000u);
    EXPECT_EQ(u.gid, 1000u);
    EXPECT_EQ(u.additional_gids, (std::vector<uint32_t>{1000, 29, 44}));
    EXPECT_EQ(u.home, "/home/app");
}

TEST(ResolveUser, NumericUidInPasswdUsesItsEntry) {
    auto u = resolve_user("1", kPasswd, kGroup);
    EXPECT_EQ(u.gid, 1u);
    EXPECT_EQ(u.additional_gids, (std::vector<uint32_t>{1, 29}));
}

TEST(ResolveUser, UnknownNumericUidGetsGidZero) {
    auto u = resolve_user("4242", kPasswd, kGroup);
    EXPECT_EQ(u.uid, 4242u);
    EXPECT_EQ(u.gid, 0u);
    EXPECT_EQ(u.additional_gids, (std::vector<uint32_t>{0}));
}

TEST(ResolveUser, ExplicitGroupByNameOrNumber) {
    auto u = resolve_user("app:video", kPasswd, kGroup);
    EXPECT_EQ(u.gid, 44u);
    EXPECT_EQ(u.additional_gids, (std::vector<uint32_t>{44}));
    auto v = resolve_user("5:7", kPasswd, kGroup);
    EXPECT_EQ(v.uid, 5u);
    EXPECT_EQ(v.gid, 7u);
}

TEST(ResolveUser, UnknownNamesAreErrors) {
    try {
        resolve_user("nobody", kPasswd, kGroup);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "unable to find user nobody: no matching entries in passwd file");
    }
    EXPECT_THROW(resolve_user("app:nogroup", kPasswd, kGroup), tug::Error);
}

TEST(ResolveGroups, NumbersAsTheyAreNamesFromTheFile) {
    EXPECT_EQ(resolve_groups({"audio", "4242", "video"}, kGroup),
              (std::vector<uint32_t>{29, 4242, 44}));
    try {
        resolve_groups({"nosuch"}, kGroup);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "Unable to find group nosuch");
    }
}

namespace {

void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

}  // namespace

// The files are the container's: an absolute symlink in its /etc resolves inside the
// rootfs, never to the host's file of that name.
TEST(ResolveUserInRootfs, ReadsTheContainersFilesOnly) {
    tug::base::TempDir root("/tmp", "tug-user-test-");
    ASSERT_EQ(::mkdir((root.path() + "/etc").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((root.path() + "/data").c_str(), 0755), 0);
    write(root.path() + "/data/passwd", kPasswd);
    write(root.path() + "/etc/group", kGroup);
    ASSERT_EQ(::symlink("/data/passwd", (root.path() + "/etc/passwd").c_str()), 0);
    auto u = resolve_user_in_rootfs(root.path(), "app");
    EXPECT_EQ(u.uid, 1000u);
    EXPECT_EQ(u.additional_gids, (std::vector<uint32_t>{1000, 29, 44}));
    EXPECT_EQ(resolve_groups_in_rootfs(root.path(), {"video"}), (std::vector<uint32_t>{44}));
}

TEST(ResolveUserInRootfs, MissingFilesReadAsEmpty) {
    tug::base::TempDir root("/tmp", "tug-user-test-");
    auto u = resolve_user_in_rootfs(root.path(), "1234:5");
    EXPECT_EQ(u.uid, 1234u);
    EXPECT_EQ(u.gid, 5u);
    EXPECT_THROW(resolve_user_in_rootfs(root.path(), "app"), tug::Error);
}
