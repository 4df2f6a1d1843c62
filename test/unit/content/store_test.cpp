// Content store: verification on commit, resume from partial ingests, concurrent
// writers in separate processes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/content/store.hpp"

namespace fs = std::filesystem;
using tug::engine::content::sha256_digest;
using tug::engine::content::Store;

namespace {

class StoreTest : public ::testing::Test {
  protected:
    tug::base::TempDir tmp_{fs::temp_directory_path().string(), "tug-content-"};
    Store store_{tmp_.path() + "/content"};

    bool ingest_dir_empty() const {
        std::error_code ec;
        const fs::path p = tmp_.path() + "/content/ingest";
        return !fs::exists(p) || fs::is_empty(p, ec);
    }
};

TEST_F(StoreTest, Sha256OfKnownInputs) {
    EXPECT_EQ(sha256_digest(""),
              "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_digest("abc"),
              "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(StoreTest, WriteCommitRead) {
    const std::string data = "hello content";
    const std::string d = sha256_digest(data);
    EXPECT_FALSE(store_.exists(d));
    auto w = store_.writer(d, static_cast<int64_t>(data.size()));
    EXPECT_FALSE(w.already_exists());
    EXPECT_EQ(w.committed_size(), 0);
    w.write(data.substr(0, 5));
    w.write(data.substr(5));
    const std::string path = w.commit();
    EXPECT_EQ(path, store_.path(d));
    EXPECT_TRUE(store_.exists(d));
    EXPECT_EQ(store_.info(d).size, static_cast<int64_t>(data.size()));
    EXPECT_EQ(store_.read_blob(d), data);
    EXPECT_NO_THROW(store_.verify(d));
    EXPECT_TRUE(ingest_dir_empty());
    ASSERT_EQ(store_.list().size(), 1u);
    EXPECT_EQ(store_.list()[0].digest, d);
    // A second writer finds it present.
    auto w2 = store_.writer(d, static_cast<int64_t>(data.size()));
    EXPECT_TRUE(w2.already_exists());
    EXPECT_TRUE(store_.remove(d));
    EXPECT_FALSE(store_.exists(d));
    EXPECT_FALSE(store_.remove(d));
}

TEST_F(StoreTest, DigestMismatchIsRejectedAndLeavesNothing) {
    const std::string d = sha256_digest("expected");
    auto w = store_.writer(d, 8);
    w.write("tampered");
    try {
        w.commit();
        FAIL() << "commit accepted wrong content";
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument);
        EXPECT_NE(e.message().find("digest mismatch"), std::string::npos) << e.message();
    }
    EXPECT_FALSE(store_.exists(d));
    EXPECT_TRUE(ingest_dir_empty());
    EXPECT_TRUE(store_.list().empty());
}

TEST_F(StoreTest, SizeMismatchIsRejected) {
    const std::string d = sha256_digest("abc");
    auto w = store_.writer(d, 4);
    w.write("abc");
    EXPECT_THROW(w.commit(), tug::Error);
    EXPECT_FALSE(store_.exists(d));
    auto w2 = store_.writer(d, 2);
    EXPECT_THROW(w2.write("abc"), tug::Error);
}

TEST_F(StoreTest, ResumesFromPartialIngest) {
    const std::string data(3 << 20, 'x');
    const std::string d = sha256_digest(data);
    {
        auto w = store_.writer(d, static_cast<int64_t>(data.size()));
        w.write(data.substr(0, 1 << 20));
        // Destroyed without commit: an interrupted download.
    }
    EXPECT_FALSE(store_.exists(d));
    EXPECT_EQ(store_.list_ingests(), std::vector<std::string>{d});
    auto w = store_.writer(d, static_cast<int64_t>(data.size()));
    ASSERT_EQ(w.committed_size(), 1 << 20);
    w.write(data.substr(static_cast<size_t>(w.committed_size())));
    w.commit();
    EXPECT_NO_THROW(store_.verify(d));
    EXPECT_TRUE(store_.list_ingests().empty());
}

TEST_F(StoreTest, TruncateRestartsIngest) {
    const std::string data = "0123456789";
    const std::string d = sha256_digest(data);
    {
        auto w = store_.writer(d, 10);
        w.write("garbage");
    }
    auto w = store_.writer(d, 10);
    EXPECT_EQ(w.committed_size(), 7);
    w.truncate();  // the server ignored our Range request
    EXPECT_EQ(w.committed_size(), 0);
    w.write(data);
    w.commit();
    EXPECT_EQ(store_.read_blob(d), data);
}

TEST_F(StoreTest, CorruptPartialDataFailsOnCommit) {
    const std::string data = "good data!";
    const std::string d = sha256_digest(data);
    {
        auto w = store_.writer(d, 10);
        w.write("bad");
    }
    auto w = store_.writer(d, 10);
    w.write(data.substr(3));
    EXPECT_THROW(w.commit(), tug::Error);
    EXPECT_FALSE(store_.exists(d));
    EXPECT_TRUE(store_.list_ingests().empty());
}

TEST_F(StoreTest, WriteBlobAndVerifyDetectsCorruption) {
    const std::string d = store_.write_blob("{\"a\":1}");
    EXPECT_EQ(d, sha256_digest("{\"a\":1}"));
    EXPECT_EQ(store_.write_blob("{\"a\":1}", d), d);
    EXPECT_THROW(store_.write_blob("other", d), tug::Error);
    fs::permissions(store_.path(d), fs::perms::owner_write, fs::perm_options::add);
    tug::base::atomic_write_file(store_.path(d), "{\"a\":2}");
    EXPECT_THROW(store_.verify(d), tug::Error);
    EXPECT_THROW(store_.info("sha256:" + std::string(64, '0')), tug::Error);
    EXPECT_THROW(store_.path("sha256:../../etc"), tug::Error);
}

TEST_F(StoreTest, AbandonedIngestCanBeRemoved) {
    const std::string d = sha256_digest("abandoned");
    { store_.writer(d, 9).write("aban"); }
    EXPECT_TRUE(store_.remove_ingest(d));
    EXPECT_TRUE(store_.list_ingests().empty());
}

// Several processes ingest the same blob at once, each writing all of it in chunks;
// every one must succeed and the store must hold exactly one correct blob.
TEST_F(StoreTest, ConcurrentWritersInSeparateProcesses) {
    std::string data;
    for (int i = 0; i < (1 << 18); ++i)
        data += static_cast<char>('a' + i % 26);
    const std::string d = sha256_digest(data);
    constexpr int kProcs = 4;
    std::vector<pid_t> pids;
    for (int p = 0; p < kProcs; ++p) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int rc = 0;
            try {
                Store s(tmp_.path() + "/content");
                auto w = s.writer(d, static_cast<int64_t>(data.size()));
                if (!w.already_exists()) {
                    for (size_t off = static_cast<size_t>(w.committed_size()); off < data.size();
                         off += 4096) {
                        w.write(data.substr(off, 4096));
                    }
                    w.commit();
                }
                s.verify(d);
            } catch (...) {
                rc = 1;
            }
            ::_exit(rc);
        }
        pids.push_back(pid);
    }
    for (pid_t pid : pids) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    EXPECT_NO_THROW(store_.verify(d));
    EXPECT_EQ(store_.list().size(), 1u);
    EXPECT_TRUE(ingest_dir_empty());
}

}  // namespace
