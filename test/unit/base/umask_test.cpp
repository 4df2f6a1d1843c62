// Files and directories the engine makes get their modes whatever the umask of the
// process it runs in (a user's 077, say): each mode is set by chmod, not by the mask.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"

using namespace tug::base;

namespace {

// Runs the test body under umask 077, the old mask restored after.
struct StrictUmask : ::testing::Test {
    mode_t old = 0;
    void SetUp() override { old = ::umask(077); }
    void TearDown() override { ::umask(old); }
    TempDir tmp{"/tmp", "tug-umask-test-"};
};

unsigned mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

}  // namespace

TEST_F(StrictUmask, MakeDirsSetsEveryDirectoryItMakes) {
    make_dirs(tmp.path() + "/a/b/_data", 0755);
    EXPECT_EQ(mode_of(tmp.path() + "/a"), 0755u);
    EXPECT_EQ(mode_of(tmp.path() + "/a/b"), 0755u);
    EXPECT_EQ(mode_of(tmp.path() + "/a/b/_data"), 0755u);
    make_dirs(tmp.path() + "/a/b/c/", 0701);
    EXPECT_EQ(mode_of(tmp.path() + "/a/b/c"), 0701u);
    // What exists keeps its mode.
    ::chmod((tmp.path() + "/a").c_str(), 0700);
    make_dirs(tmp.path() + "/a/b", 0755);
    EXPECT_EQ(mode_of(tmp.path() + "/a"), 0700u);
    std::ofstream(tmp.path() + "/file") << "x";
    EXPECT_THROW(make_dirs(tmp.path() + "/file", 0755), tug::Error);
}

TEST_F(StrictUmask, AtomicWritesHaveTheirMode) {
    atomic_write_file(tmp.path() + "/hosts", "127.0.0.1 localhost\n", 0644);
    EXPECT_EQ(mode_of(tmp.path() + "/hosts"), 0644u);
    write_state_file(tmp.path() + "/state", "{}", 0640);
    EXPECT_EQ(mode_of(tmp.path() + "/state"), 0640u);
}

TEST_F(StrictUmask, AtomicFileReplacesOnlyOnCommit) {
    const std::string target = tmp.path() + "/out.tar";
    std::ofstream(target) << "old";
    {
        AtomicFile f(target, 0600);
        write_all(f.fd(), "partial", 7);
        // Destroyed uncommitted, as when the writer throws.
    }
    EXPECT_EQ(read_file(target), "old");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1)
        << "temp file left";
    {
        AtomicFile f(target, 0644);
        write_all(f.fd(), "new", 3);
        f.commit();
    }
    EXPECT_EQ(read_file(target), "new");
    EXPECT_EQ(mode_of(target), 0644u);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1);
}
