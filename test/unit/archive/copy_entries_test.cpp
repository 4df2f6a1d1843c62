// cp's extraction and tree walk: symlinks inside a root never lead outside it.
#include <archive_entry.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "engine/archive/copy_entries.hpp"
#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/base/unique_fd.hpp"

namespace fs = std::filesystem;
using namespace tug::engine::archive;

namespace {

struct EntryFree {
    void operator()(struct archive_entry* e) const { archive_entry_free(e); }
};

std::unique_ptr<struct archive_entry, EntryFree> file_entry(const std::string& name, const std::string& data) {
    std::unique_ptr<struct archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0640);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    return e;
}

void put_file(EntrySink& sink, const std::string& name, const std::string& data) {
    auto e = file_entry(name, data);
    size_t off = 0;
    sink.put(e.get(), [&](void* buf, size_t n) -> ssize_t {
        size_t k = std::min(n, data.size() - off);
        std::memcpy(buf, data.data() + off, k);
        off += k;
        return static_cast<ssize_t>(k);
    });
}

struct Names : EntrySink {
    std::vector<std::string> names;
    void put(struct archive_entry* e, const ContentReader&) override { names.push_back(archive_entry_pathname(e)); }
};

class CopyEntries : public ::testing::Test {
protected:
    void SetUp() override {
        host = tmp.path() + "/host";  // stands for the host's /etc
        root = tmp.path() + "/root";  // a container rootfs
        fs::create_directories(host);
        fs::create_directories(root + host);  // the same path inside the root
        std::ofstream(host + "/secret") << "host";
        fs::create_symlink(host, root + "/abs");                                // absolute
        fs::create_symlink("../../../../../../../../.." + host, root + "/rel");  // climbing out
        root_fd = tug::base::open_fd(root.c_str(), O_PATH | O_DIRECTORY);
    }
    ExtractOptions in_root(const std::string& dir) {
        ExtractOptions o;
        o.root_fd = root_fd.get();
        o.dir = dir;
        o.resolve = RESOLVE_IN_ROOT;
        o.uid = ::getuid();
        o.gid = ::getgid();
        return o;
    }
    tug::base::TempDir tmp{fs::temp_directory_path().string(), "tug-cp-"};
    std::string host, root;
    tug::base::UniqueFd root_fd;
};

}  // namespace

TEST_F(CopyEntries, ExtractionThroughSymlinksStaysInTheRoot) {
    for (const std::string link : {"abs", "rel"}) {
        DirSink sink(in_root("/"));
        put_file(sink, link + "/written", "x");
        sink.finish();
    }
    EXPECT_FALSE(fs::exists(host + "/written"));
    EXPECT_TRUE(fs::exists(root + host + "/written"));
    // The destination directory itself given through a link resolves inside too.
    DirSink sink(in_root("/rel"));
    put_file(sink, "second", "y");
    EXPECT_FALSE(fs::exists(host + "/second"));
    EXPECT_TRUE(fs::exists(root + host + "/second"));
}

TEST_F(CopyEntries, ReplacesFilesButNotDirectoriesAndRejectsDotDot) {
    DirSink sink(in_root("/"));
    put_file(sink, "f", "one");
    put_file(sink, "f", "two");  // an existing file is replaced
    std::ifstream in(root + "/f");
    std::string got;
    in >> got;
    EXPECT_EQ(got, "two");
    EXPECT_EQ(fs::status(root + "/f").permissions(), fs::perms(0640));
    // A link in the root is replaced by the file, not written through.
    put_file(sink, "abs", "z");
    EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(root + "/abs")));
    EXPECT_EQ(std::ifstream(host + "/secret").get(), 'h');
    fs::create_directories(root + "/d");
    EXPECT_THROW(put_file(sink, "d", "no"), tug::Error);
    EXPECT_THROW(put_file(sink, "../escape", "no"), tug::Error);
    EXPECT_FALSE(fs::exists(tmp.path() + "/escape"));
    // Missing parents are created.
    put_file(sink, "/a/b/c", "deep");
    EXPECT_TRUE(fs::exists(root + "/a/b/c"));
}

TEST_F(CopyEntries, WalkSendsLinksAsLinksAndLeavesSocketsOut) {
    const std::string sock = root + "/s";
    tug::base::UniqueFd sfd(::socket(AF_UNIX, SOCK_STREAM, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    ASSERT_LT(sock.size(), sizeof addr.sun_path);
    std::memcpy(addr.sun_path, sock.c_str(), sock.size());
    ASSERT_EQ(::bind(sfd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    Names names;
    tug::base::UniqueFd top = tug::base::open_fd(root.c_str(), O_PATH | O_DIRECTORY);
    walk_tree(top.get(), "root", names);
    EXPECT_NE(std::find(names.names.begin(), names.names.end(), "root/abs"), names.names.end());
    for (const auto& n : names.names) EXPECT_EQ(n.find("abs/"), std::string::npos) << n;
    for (const auto& n : names.names) EXPECT_EQ(n.find("rel/"), std::string::npos) << n;
    EXPECT_EQ(std::find(names.names.begin(), names.names.end(), "root/s"), names.names.end());
}
