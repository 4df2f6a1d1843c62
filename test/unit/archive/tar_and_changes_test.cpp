// Unit tests: the ustar writer read back by libarchive, staging an archive (names,
// links, traversal), and the --change parser.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "engine/archive/changes.hpp"
#include "engine/archive/stage.hpp"
#include "engine/archive/tar_writer.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::engine::archive {
namespace {

using nlohmann::json;

class ArchiveTest : public ::testing::Test {
protected:
    base::TempDir tmp_{"/tmp", "tug-archive-test-"};
    std::string path(const std::string& n) const { return tmp_.path() + "/" + n; }
};

TEST_F(ArchiveTest, WriterOutputStagesWithDigests) {
    const std::string big(3000, 'x');
    base::atomic_write_file(path("big"), big);
    const std::string long_name = "blobs/" + std::string(120, 'a');
    {
        base::UniqueFd fd = base::open_fd(path("out.tar").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        TarWriter w(fd.get());
        w.add_bytes("index.json", "{}");
        w.add_dir("blobs");
        w.add_file("blobs/sha256/big", path("big"));
        w.add_bytes(long_name, "long");
        w.finish();
        EXPECT_EQ(w.bytes_written() % 512, 0u);
    }
    base::UniqueFd in = base::open_fd(path("out.tar").c_str(), O_RDONLY);
    StagedArchive staged(in.get(), path("stage"));
    ASSERT_NE(staged.find("index.json"), nullptr);
    EXPECT_EQ(staged.read(*staged.find("./index.json")), "{}");
    const StagedFile* b = staged.find("blobs//sha256/big");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->size, 3000);
    EXPECT_EQ(b->digest, content::sha256_digest(big));
    ASSERT_NE(staged.find(long_name), nullptr);
    EXPECT_EQ(staged.read(*staged.find(long_name)), "long");
}

TEST_F(ArchiveTest, CleanEntryNameRejectsEscapes) {
    EXPECT_EQ(clean_entry_name("./a//b/"), "a/b");
    EXPECT_EQ(clean_entry_name("a/./b"), "a/b");
    EXPECT_THROW(clean_entry_name("/etc/passwd"), Error);
    EXPECT_THROW(clean_entry_name("a/../../b"), Error);
    try {
        clean_entry_name("../x");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::InvalidArgument);
        EXPECT_NE(e.message().find("escapes the archive"), std::string::npos);
    }
}

TEST_F(ArchiveTest, TraversalEntryRejectsWholeArchive) {
    // A hand-made header named "../evil": the writer does not clean names.
    {
        base::UniqueFd fd = base::open_fd(path("evil.tar").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        TarWriter w(fd.get());
        w.add_bytes("ok", "fine");
        w.add_bytes("../evil", "bad");
        w.finish();
    }
    base::UniqueFd in = base::open_fd(path("evil.tar").c_str(), O_RDONLY);
    EXPECT_THROW(StagedArchive(in.get(), path("stage")), Error);
}

TEST_F(ArchiveTest, GarbageIsRejected) {
    base::atomic_write_file(path("junk"), std::string(2000, 'j'));
    base::UniqueFd in = base::open_fd(path("junk").c_str(), O_RDONLY);
    EXPECT_THROW(StagedArchive(in.get(), path("stage")), Error);
}

TEST_F(ArchiveTest, AdoptVerifiesDigest) {
    content::Store cs(path("content"));
    base::atomic_write_file(path("blob"), "data");
    StagedFile f{path("blob"), content::sha256_digest("data"), 4};
    EXPECT_THROW(adopt_blob(cs, f, content::sha256_digest("other")), Error);
    EXPECT_TRUE(adopt_blob(cs, f, f.digest));
    EXPECT_EQ(cs.read_blob(f.digest), "data");
    EXPECT_FALSE(adopt_blob(cs, f, f.digest));
}

TEST(Changes, CommandForms) {
    json c;
    apply_change(c, "CMD [\"echo\", \"hi\"]");
    EXPECT_EQ(c["Cmd"], json({"echo", "hi"}));
    apply_change(c, "entrypoint top -b");
    EXPECT_EQ(c["Entrypoint"], json({"/bin/sh", "-c", "top -b"}));
}

TEST(Changes, EnvLabelExposeVolume) {
    json c;
    apply_change(c, "ENV A=1 B=\"two words\"");
    apply_change(c, "ENV A 3");
    EXPECT_EQ(c["Env"], json({"B=two words", "A=3"}));
    apply_change(c, "LABEL a=b c=d");
    EXPECT_EQ(c["Labels"]["c"], "d");
    apply_change(c, "EXPOSE 80 53/udp");
    EXPECT_TRUE(c["ExposedPorts"].contains("80/tcp"));
    EXPECT_TRUE(c["ExposedPorts"].contains("53/udp"));
    apply_change(c, "VOLUME [\"/a\", \"/b\"]");
    apply_change(c, "VOLUME /c");
    EXPECT_EQ(c["Volumes"].size(), 3u);
    apply_change(c, "USER 1000:1000");
    apply_change(c, "WORKDIR /srv");
    apply_change(c, "STOPSIGNAL SIGTERM");
    EXPECT_EQ(c["User"], "1000:1000");
    EXPECT_EQ(c["WorkingDir"], "/srv");
    EXPECT_EQ(c["StopSignal"], "SIGTERM");
}

TEST(Changes, Invalid) {
    json c;
    EXPECT_THROW(apply_change(c, "FROM alpine"), Error);
    EXPECT_THROW(apply_change(c, "EXPOSE abc"), Error);
    EXPECT_THROW(apply_change(c, "USER"), Error);
    EXPECT_THROW(apply_change(c, "ENV A"), Error);
}

}  // namespace
}  // namespace tug::engine::archive
