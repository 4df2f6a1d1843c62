// docker's json-file log driver: one JSON object per line,
// {"log":"text\n","stream":"stdout","time":"<RFC3339Nano>"}, with size-based rotation
// (<path>, <path>.1, ... <path>.<max_file-1>), and the reader `tug logs` uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/unique_fd.hpp"
#include "engine/logs/timestamp.hpp"

namespace tug::engine::logs {

// Messages longer than this are written as partial entries (no trailing newline), as
// docker's copier does with its 16 KiB buffer.
inline constexpr size_t kMaxLineBytes = 16 * 1024;

struct LogEntry {
    std::string stream;  // "stdout" or "stderr"
    std::string text;    // the message, with its '\n' when it was a whole line
    std::string time;    // as written (RFC3339Nano)
    int64_t time_ns = 0;
};

// One encoded line, '\n' included. Invalid UTF-8 becomes U+FFFD like Go's encoder, and
// <, > and & are escaped as \u003c, \u003e, \u0026 like Go's default HTML escaping.
std::string format_line(std::string_view stream, std::string_view text, Clock::time_point t);
// nullopt for a line that is not a json-file entry (truncated by a crash, for one).
std::optional<LogEntry> parse_line(std::string_view line);

// Splits each stream into lines and appends them to the log, rotating by size.
// Not thread-safe; the monitor owns the only writer of a container's log.
class JsonFileWriter {
public:
    // max_size 0: no rotation. max_files counts the live file (docker's max-file).
    JsonFileWriter(std::string path, uint64_t max_size = 0, int max_files = 1);

    // Appends raw output of one stream; whole lines are written at once, the rest is
    // kept until its newline arrives (or kMaxLineBytes accumulate).
    void write(std::string_view stream, std::string_view data);
    // Writes what is buffered for every stream as partial entries (at EOF).
    void flush();
    const std::string& path() const { return path_; }

private:
    void emit(std::string_view stream, std::string_view text);
    void rotate();

    std::string path_;
    uint64_t max_size_;
    int max_files_;
    base::UniqueFd fd_;
    uint64_t size_ = 0;
    std::string pending_out_, pending_err_;
};

struct ReadOptions {
    std::optional<size_t> tail;      // last N entries (after the since/until filter)
    std::optional<int64_t> since_ns;  // entries at or after
    std::optional<int64_t> until_ns;  // entries before
};

// Every entry of a log and its rotated files, oldest first. A missing log is empty.
std::vector<LogEntry> read_log(const std::string& path, const ReadOptions& opts);

// Reads entries appended to one file after a byte offset; for `logs -f`.
class LogTail {
public:
    explicit LogTail(std::string path, uint64_t offset = 0) : path_(std::move(path)), offset_(offset) {}
    // The complete lines appended since the last call. Detects rotation (the file got
    // shorter or was replaced) and starts the new file from its beginning.
    std::vector<LogEntry> poll();
    uint64_t offset() const { return offset_; }

private:
    std::string path_;
    uint64_t offset_;
    uint64_t inode_ = 0;
};

// Size of a file now (0 when missing): where a follower starts after reading the past.
uint64_t file_size(const std::string& path);

}  // namespace tug::engine::logs
