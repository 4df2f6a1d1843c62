// json-file encoding, line splitting and rotation, and reading back.
#include "engine/logs/json_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"

namespace tug::engine::logs {

namespace {

[[gnu::hot]] void append_escaped(std::string& out, std::string_view text) {
    // nlohmann's dump with replacement gives Go-compatible escaping except for the
    // HTML-sensitive characters, which Go escapes by default.
    std::string s = nlohmann::json(std::string(text)).dump(-1, ' ', false,
                                                          nlohmann::json::error_handler_t::replace);
    for (char c : s) {
        switch (c) {
            case '<': out += "\\u003c"; break;
            case '>': out += "\\u003e"; break;
            case '&': out += "\\u0026"; break;
            default: out += c;
        }
    }
}

// The log file, 0640 as docker's json-file driver makes it: by fchmod, since a mode given
// to open is masked by whatever umask this process has.
base::UniqueFd open_log(const std::string& path, int flags) {
    base::UniqueFd fd = base::open_fd(path.c_str(), O_WRONLY | O_CREAT | flags, 0640);
    if (::fchmod(fd.get(), 0640) != 0) throw sys_error("chmod " + path);
    return fd;
}

}  // namespace

[[gnu::hot]] std::string format_line(std::string_view stream, std::string_view text, Clock::time_point t) {
    std::string out;
    out.reserve(text.size() + 80);
    out += "{\"log\":";
    append_escaped(out, text);
    out += ",\"stream\":\"";
    out += stream;
    out += "\",\"time\":\"";
    out += format_rfc3339nano(t);
    out += "\"}\n";
    return out;
}

std::optional<LogEntry> parse_line(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) return std::nullopt;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    auto log = j.find("log");
    auto stream = j.find("stream");
    auto time = j.find("time");
    if (log == j.end() || !log->is_string() || time == j.end() || !time->is_string())
        return std::nullopt;
    LogEntry e;
    e.text = log->get<std::string>();
    e.stream = stream != j.end() && stream->is_string() ? stream->get<std::string>() : "stdout";
    e.time = time->get<std::string>();
    e.time_ns = parse_rfc3339_ns(e.time).value_or(0);
    return e;
}

JsonFileWriter::JsonFileWriter(std::string path, uint64_t max_size, int max_files)
    : path_(std::move(path)), max_size_(max_size), max_files_(std::max(1, max_files)) {
    fd_ = open_log(path_, O_APPEND);
    struct stat st {};
    if (::fstat(fd_.get(), &st) == 0) size_ = static_cast<uint64_t>(st.st_size);
}

[[gnu::hot]] void JsonFileWriter::write(std::string_view stream, std::string_view data) {
    std::string& pending = stream == "stderr" ? pending_err_ : pending_out_;
    pending.append(data);
    size_t start = 0;
    for (;;) {
        size_t nl = pending.find('\n', start);
        if (nl == std::string::npos) break;
        // A line longer than docker's buffer is written as partial entries first.
        while (nl + 1 - start > kMaxLineBytes) {
            emit(stream, std::string_view(pending).substr(start, kMaxLineBytes));
            start += kMaxLineBytes;
        }
        emit(stream, std::string_view(pending).substr(start, nl + 1 - start));
        start = nl + 1;
    }
    pending.erase(0, start);
    while (pending.size() >= kMaxLineBytes) {
        emit(stream, std::string_view(pending).substr(0, kMaxLineBytes));
        pending.erase(0, kMaxLineBytes);
    }
}

void JsonFileWriter::flush() {
    if (!pending_out_.empty()) emit("stdout", pending_out_);
    if (!pending_err_.empty()) emit("stderr", pending_err_);
    pending_out_.clear();
    pending_err_.clear();
}

[[gnu::hot]] void JsonFileWriter::emit(std::string_view stream, std::string_view text) {
    std::string line = format_line(stream, text, Clock::now());
    if (max_size_ > 0 && size_ > 0 && size_ + line.size() > max_size_) rotate();
    base::write_all(fd_.get(), line.data(), line.size());
    size_ += line.size();
}

void JsonFileWriter::rotate() {
    if (max_files_ <= 1) {
        // docker truncates in place when only one file is kept.
        if (::ftruncate(fd_.get(), 0) != 0) throw sys_error("truncate " + path_);
        size_ = 0;
        return;
    }
    for (int i = max_files_ - 1; i >= 1; --i) {
        std::string from = i == 1 ? path_ : path_ + "." + std::to_string(i - 1);
        std::string to = path_ + "." + std::to_string(i);
        ::rename(from.c_str(), to.c_str());  // a missing older file is fine
    }
    fd_ = open_log(path_, O_APPEND | O_TRUNC);
    size_ = 0;
}

namespace {

void read_file_entries(const std::string& path, std::vector<LogEntry>& out) {
    FILE* f = std::fopen(path.c_str(), "re");
    if (!f) return;
    char* buf = nullptr;
    size_t cap = 0;
    ssize_t n;
    while ((n = ::getline(&buf, &cap, f)) > 0) {
        if (auto e = parse_line(std::string_view(buf, static_cast<size_t>(n))))
            out.push_back(std::move(*e));
    }
    std::free(buf);
    std::fclose(f);
}

}  // namespace

std::vector<LogEntry> read_log(const std::string& path, const ReadOptions& opts) {
    std::vector<LogEntry> all;
    for (int i = 64; i >= 1; --i) {
        std::string rotated = path + "." + std::to_string(i);
        if (::access(rotated.c_str(), F_OK) == 0) read_file_entries(rotated, all);
    }
    read_file_entries(path, all);
    if (opts.since_ns || opts.until_ns) {
        std::erase_if(all, [&](const LogEntry& e) {
            return (opts.since_ns && e.time_ns < *opts.since_ns) ||
                   (opts.until_ns && e.time_ns >= *opts.until_ns);
        });
    }
    if (opts.tail && all.size() > *opts.tail)
        all.erase(all.begin(), all.end() - static_cast<std::ptrdiff_t>(*opts.tail));
    return all;
}

uint64_t file_size(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

std::vector<LogEntry> LogTail::poll() {
    std::vector<LogEntry> out;
    base::UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return out;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return out;
    const uint64_t ino = static_cast<uint64_t>(st.st_ino);
    if (inode_ != 0 && (ino != inode_ || static_cast<uint64_t>(st.st_size) < offset_)) offset_ = 0;
    inode_ = ino;
    if (static_cast<uint64_t>(st.st_size) <= offset_) return out;
    std::string data;
    data.resize(static_cast<size_t>(st.st_size) - offset_);
    ssize_t n = ::pread(fd.get(), data.data(), data.size(), static_cast<off_t>(offset_));
    if (n <= 0) return out;
    data.resize(static_cast<size_t>(n));
    size_t start = 0;
    for (;;) {
        size_t nl = data.find('\n', start);
        if (nl == std::string::npos) break;
        if (auto e = parse_line(std::string_view(data).substr(start, nl + 1 - start)))
            out.push_back(std::move(*e));
        start = nl + 1;
    }
    offset_ += start;  // an incomplete last line is read again next time
    return out;
}

}  // namespace tug::engine::logs
