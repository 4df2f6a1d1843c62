// SQLite connection, statements, transactions and schema migration.
#include "engine/meta/database.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::engine::meta {

namespace {

// Long enough to queue behind other tug processes' transactions (each is short),
// short enough that a wedged writer surfaces as an error instead of a hang.
constexpr int kBusyTimeoutMs = 60'000;

Error db_error(sqlite3* db, std::string_view what, int rc) {
    std::string msg = "metadata database: " + std::string(what) + ": " + sqlite3_errmsg(db);
    const int primary = rc & 0xff;
    Errc code = Errc::Internal;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        code = Errc::AlreadyExists;
    } else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        code = Errc::Unavailable;
    } else if (primary == SQLITE_READONLY || primary == SQLITE_PERM || primary == SQLITE_CANTOPEN) {
        code = Errc::PermissionDenied;
    }
    return Error(code, std::move(msg));
}

// The first connection a process opens to each database stays open until the process
// exits: while one connection holds the WAL index, a later connection joins it instead
// of rebuilding it from the WAL.
// Never destroyed: closing these at exit would only hand back memory the process is
// about to lose anyway, and the frees it takes (sqlite's page cache, consolidating every
// small chunk the process freed before) cost a `ps -a` over 1,000 containers ~5 ms.
void keep_index_warm(const std::shared_ptr<Database>& db) {
    static std::mutex mutex;
    static auto* first = new std::map<std::string, std::shared_ptr<Database>>();
    std::lock_guard lock(mutex);
    first->try_emplace(db->path(), db);
}

// The connections this thread has open, by path. The image, container, network and
// volume stores each ask for one, often in the same command: they share it, since each
// new connection parses the whole schema again (about a millisecond on a `run`). Per
// thread, because connections are opened without sqlite's mutexes.
std::map<std::string, std::weak_ptr<Database>>& thread_connections() {
    thread_local std::map<std::string, std::weak_ptr<Database>> open;
    return open;
}

}  // namespace

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw db_error(db_, "bind", rc);
    return *this;
}

Statement& Statement::bind(int index, int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) throw db_error(db_, "bind", rc);
    return *this;
}

Statement& Statement::bind_null(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) throw db_error(db_, "bind", rc);
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw db_error(db_, "bind", rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    rc = sqlite3_extended_errcode(db_);
    throw db_error(db_, "step", rc);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

std::optional<std::string> Statement::text_or_null(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
}

std::string_view Statement::bytes(int col) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
}

int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::shared_ptr<Database> Database::open(const std::string& path) {
    auto& shared = thread_connections()[path];
    if (auto db = shared.lock()) return db;
    auto db = open_new(path);
    shared = db;
    return db;
}

std::shared_ptr<Database> Database::open_new(const std::string& path) {
    base::make_dirs(std::filesystem::path(path).parent_path().string(), 0711);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
        sqlite3_close(raw);
        throw Error(Errc::Unavailable, "open metadata database " + path + ": " + msg);
    }
    std::shared_ptr<Database> db(new Database(raw, path));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    // The last connection to close would otherwise checkpoint the WAL into the database
    // with three fsyncs, and nearly every tug process is the last: that cost every command
    // that touched the store some milliseconds. The WAL is checkpointed as it grows instead.
    sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    // WAL lets readers (ps, images) proceed while a writer commits; NORMAL sync is
    // durable across process crashes, which is what concurrent tug processes need.
    // A small WAL: the first connection to open the database in a while (with no other
    // connection open, the usual case) rebuilds the WAL index by reading every frame, so
    // the default 1,000 pages cost each tug process up to ~1 ms. A checkpoint every
    // ~100 pages (each `run` adds about ten) keeps that read short.
    db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
             "PRAGMA wal_autocheckpoint=100;");
    db->migrate();
    keep_index_warm(db);
    return db;
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::release_memory() { sqlite3_db_release_memory(db_); }

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) throw db_error(db_, "prepare", rc);
    return Statement(db_, stmt);
}

void Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        Error e = db_error(db_, "exec", sqlite3_extended_errcode(db_));
        throw Error(e.code(), "metadata database: " + msg);
    }
}

int64_t Database::changes() const { return sqlite3_changes(db_); }

int Database::schema_version() {
    auto st = prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
}

int Database::record_format(std::string_view kind) {
    auto st = prepare("SELECT version FROM record_formats WHERE kind = ?");
    st.bind(1, kind);
    return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

void Database::set_record_format(std::string_view kind, int version) {
    prepare(
        "INSERT INTO record_formats (kind, version) VALUES (?, ?) "
        "ON CONFLICT (kind) DO UPDATE SET version = excluded.version")
        .bind(1, kind)
        .bind(2, version)
        .run();
}

void Database::migrate() {
    if (schema_version() == kMigrationCount) return;  // the common case: no write lock
    write([&] {
        const int current = schema_version();  // re-read under the lock: another process may have migrated
        if (current > kMigrationCount) {
            throw Error(Errc::FailedPrecondition,
                        "metadata database " + path_ + " has schema version " +
                            std::to_string(current) + ", newer than this tug understands (" +
                            std::to_string(kMigrationCount) + ")");
        }
        for (int v = current; v < kMigrationCount; ++v) {
            with_context(std::string("migrate to schema ") + std::to_string(v + 1) + " (" +
                             kMigrations[v].description + ")",
                         [&] { exec(kMigrations[v].sql); });
        }
        exec("PRAGMA user_version = " + std::to_string(kMigrationCount));
    });
}

Database::Transaction::Transaction(Database& db, bool write) : db_(db) {
    if (db_.depth_++ == 0) db_.exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Database::Transaction::~Transaction() {
    if (--db_.depth_ == 0 && !done_) {
        sqlite3_exec(db_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Database::Transaction::commit() {
    if (db_.depth_ == 1) db_.exec("COMMIT");
    done_ = true;
}

}  // namespace tug::engine::meta
