// The metadata database: one SQLite file under the data root, in WAL mode, shared by
// every tug process at once. Every change runs in one transaction (write()).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace tug::engine::meta {

// A prepared statement. Bind indices start at 1, column indices at 0.
class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind_null(int index);
    Statement& bind_blob(int index, std::string_view bytes);

    // Advances; true while a row is available. Throws tug::Error; a UNIQUE or PRIMARY
    // KEY violation is Errc::AlreadyExists.
    bool step();
    // Runs a statement that returns no rows.
    void run() {
        while (step()) {
        }
    }
    void reset();

    std::string text(int col) const;
    std::optional<std::string> text_or_null(int col) const;
    // A text or blob column's bytes, valid until the next step() or reset().
    std::string_view bytes(int col) const;
    int64_t int64(int col) const;
    bool is_null(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

class Database {
public:
    // Opens (creating it and its directory if needed) and brings the schema up to date.
    // A thread that already has a connection to path open gets that one.
    static std::shared_ptr<Database> open(const std::string& path);
    // Always a connection of its own: for tests that play two processes.
    static std::shared_ptr<Database> open_new(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Statement prepare(std::string_view sql);
    void exec(std::string_view sql);
    int64_t changes() const;
    // Frees the connection's page cache (it refills on the next query): for a long-lived
    // process, the container monitor, that goes idle between rare queries.
    void release_memory();

    // Runs fn in a write transaction (BEGIN IMMEDIATE: the write lock is taken up front,
    // so concurrent writers queue on the busy timeout instead of failing on upgrade).
    // Commits when fn returns, rolls back when it throws.
    template <typename Fn>
    auto write(Fn&& fn) -> decltype(fn()) {
        Transaction tx(*this, true);
        if constexpr (std::is_void_v<decltype(fn())>) {
            fn();
            tx.commit();
        } else {
            auto result = fn();
            tx.commit();
            return result;
        }
    }

    // Runs fn in a read transaction: a consistent snapshot across several queries.
    template <typename Fn>
    auto read(Fn&& fn) -> decltype(fn()) {
        Transaction tx(*this, false);
        if constexpr (std::is_void_v<decltype(fn())>) {
            fn();
            tx.commit();
        } else {
            auto result = fn();
            tx.commit();
            return result;
        }
    }

    int schema_version();
    // The format version of a kind of record ("container"), as its store last wrote the
    // whole table; 0 when none is recorded.
    int record_format(std::string_view kind);
    // Inside a write(): records that every record of kind is now in format version.
    void set_record_format(std::string_view kind, int version);
    const std::string& path() const { return path_; }

private:
    class Transaction {
    public:
        Transaction(Database& db, bool write);
        ~Transaction();
        void commit();

    private:
        Database& db_;
        bool done_ = false;
    };

    Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    void migrate();

    sqlite3* db_;
    std::string path_;
    int depth_ = 0;  // nested write()/read() calls join the outer transaction
};

// The migrations, in order; index i brings the schema from version i to i+1.
// Append only: never edit a migration that has shipped.
struct Migration {
    const char* description;
    const char* sql;
};
extern const Migration kMigrations[];
extern const int kMigrationCount;

}  // namespace tug::engine::meta
