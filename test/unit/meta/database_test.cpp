// Unit tests for the metadata database: migrations, transactions, and many processes
// writing at once.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/meta/database.hpp"

namespace fs = std::filesystem;
using namespace tug;
using tug::engine::meta::Database;

namespace {

class DatabaseTest : public ::testing::Test {
protected:
    base::TempDir dir_{fs::temp_directory_path().string()};
    std::string path() const { return dir_.path() + "/meta.db"; }
};

bool insert_container(Database& db, const std::string& id, const std::string& name) {
    try {
        db.write([&] {
            db.prepare("INSERT INTO containers (namespace, id, name, data, created) "
                       "VALUES ('default', ?, ?, '{}', 0)")
                .bind(1, id)
                .bind(2, name)
                .run();
        });
        return true;
    } catch (const Error& e) {
        if (e.code() == Errc::AlreadyExists) return false;
        throw;
    }
}

TEST_F(DatabaseTest, CreatesSchemaAtCurrentVersion) {
    auto db = Database::open(path());
    EXPECT_EQ(db->schema_version(), engine::meta::kMigrationCount);
    auto again = Database::open_new(path());  // reopening migrates nothing
    EXPECT_EQ(again->schema_version(), engine::meta::kMigrationCount);
}

TEST_F(DatabaseTest, StoresOfOneThreadShareAConnection) {
    auto first = Database::open(path());
    EXPECT_EQ(Database::open(path()), first);
    std::shared_ptr<Database> other;
    std::thread([&] { other = Database::open(path()); }).join();
    EXPECT_NE(other, first);
}

TEST_F(DatabaseTest, RefusesANewerSchema) {
    {
        auto db = Database::open(path());
        db->exec("PRAGMA user_version = 9999");
    }
    try {
        Database::open_new(path());  // as the next tug process would
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::FailedPrecondition);
        EXPECT_NE(e.message().find("newer than this tug understands"), std::string::npos);
    }
}

TEST_F(DatabaseTest, WriteRollsBackWhenTheFunctionThrows) {
    auto db = Database::open(path());
    EXPECT_THROW(db->write([&] {
        db->prepare("INSERT INTO volumes (namespace, name, data, created) VALUES ('default', 'v', '{}', 0)")
            .run();
        throw Error(Errc::Internal, "boom");
    }),
                 Error);
    auto st = db->prepare("SELECT count(*) FROM volumes");
    st.step();
    EXPECT_EQ(st.int64(0), 0);
}

TEST_F(DatabaseTest, DuplicateNameIsAlreadyExists) {
    auto db = Database::open(path());
    EXPECT_TRUE(insert_container(*db, "a", "web"));
    EXPECT_FALSE(insert_container(*db, "b", "web"));
    // Names are unique per namespace, not globally.
    db->write([&] {
        db->prepare("INSERT INTO containers (namespace, id, name, data, created) "
                    "VALUES ('k8s.io', 'c', 'web', '{}', 0)")
            .run();
    });
}

// 20 processes write at once: each inserts its own records and races for shared names.
// Nothing may be lost and no name may be given twice.
TEST_F(DatabaseTest, TwentyConcurrentWritersLoseNothing) {
    constexpr int kWriters = 20;
    constexpr int kOwnRecords = 25;
    constexpr int kSharedNames = 10;
    Database::open(path());  // create the schema first, as the first tug process would

    std::vector<pid_t> pids;
    for (int w = 0; w < kWriters; ++w) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int won = 0;
            try {
                auto db = Database::open(path());
                for (int i = 0; i < kOwnRecords; ++i) {
                    const std::string id = "w" + std::to_string(w) + "-" + std::to_string(i);
                    if (!insert_container(*db, id, "name-" + id)) ::_exit(101);
                    if (i < kSharedNames) {
                        won += insert_container(*db, "shared-" + id, "shared-" + std::to_string(i));
                    }
                }
            } catch (const std::exception&) {
                ::_exit(102);
            }
            ::_exit(won);  // how many shared names this writer claimed
        }
        pids.push_back(pid);
    }
    int claimed = 0;
    for (pid_t pid : pids) {
        int st = 0;
        ASSERT_EQ(::waitpid(pid, &st, 0), pid);
        ASSERT_TRUE(WIFEXITED(st));
        ASSERT_LT(WEXITSTATUS(st), 100) << "writer failed with " << WEXITSTATUS(st);
        claimed += WEXITSTATUS(st);
    }
    EXPECT_EQ(claimed, kSharedNames);

    auto db = Database::open(path());
    auto own = db->prepare("SELECT count(*) FROM containers WHERE name LIKE 'name-%'");
    own.step();
    EXPECT_EQ(own.int64(0), kWriters * kOwnRecords);
    auto shared = db->prepare("SELECT name FROM containers WHERE name LIKE 'shared-%'");
    std::set<std::string> names;
    int rows = 0;
    while (shared.step()) {
        names.insert(shared.text(0));
        ++rows;
    }
    EXPECT_EQ(rows, kSharedNames);
    EXPECT_EQ(names.size(), static_cast<size_t>(kSharedNames));
}

}  // namespace
