// Content store: blobs by digest, resumable locked ingests, verification and listing.
#include "engine/content/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/reference/reference.hpp"

namespace tug::engine::content {
namespace {

constexpr size_t kBufSize = 1 << 20;

bool same_file(int fd, const std::string& path) {
    struct stat a {};
    struct stat b {};
    if (::fstat(fd, &a) != 0) return false;
    if (::stat(path.c_str(), &b) != 0) return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Locks <dir>/lock. The directory may be removed by the holder we waited for (it
// committed or aborted), leaving us a lock on an unlinked file: then start over, so
// two processes never both believe they own one ingest.
base::UniqueFd lock_ingest_dir(const std::string& dir, bool blocking) {
    const std::string lock_path = dir + "/lock";
    for (;;) {
        base::make_dirs(dir, 0700);
        int raw = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (raw < 0) {
            if (errno == ENOENT) continue;  // removed between mkdir and open
            throw sys_error("open " + lock_path);
        }
        base::UniqueFd fd(raw);
        int rc;
        do {
            rc = ::flock(fd.get(), LOCK_EX | (blocking ? 0 : LOCK_NB));
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            if (!blocking && errno == EWOULDBLOCK) return {};
            throw sys_error("lock " + lock_path);
        }
        if (same_file(fd.get(), lock_path)) return fd;
    }
}

// Removes an ingest directory we hold the lock of; the lock file goes last so a waiter
// that opens the old one notices (see lock_ingest_dir).
void remove_ingest_files(const std::string& dir) {
    ::unlink((dir + "/data").c_str());
    ::unlink((dir + "/total").c_str());
    ::unlink((dir + "/lock").c_str());
    ::rmdir(dir.c_str());
}

int64_t file_size(int fd, const std::string& what) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw sys_error("stat " + what);
    return st.st_size;
}

}  // namespace

// --- Reader ---------------------------------------------------------------------

size_t Reader::read(void* buf, size_t len) {
    for (;;) {
        const ssize_t n = ::read(fd_.get(), buf, len);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) throw sys_error("read blob");
    }
}

void Reader::seek(int64_t offset) {
    if (::lseek(fd_.get(), offset, SEEK_SET) < 0) throw sys_error("seek blob");
}

// --- Writer ---------------------------------------------------------------------

Writer::Writer(Writer&&) noexcept = default;
Writer& Writer::operator=(Writer&&) noexcept = default;
Writer::~Writer() = default;

void Writer::write(const void* data, size_t len) {
    if (exists_ || done_) throw Error(Errc::FailedPrecondition, "ingest " + digest_ + ": closed");
    if (expected_size_ >= 0 && offset_ + static_cast<int64_t>(len) > expected_size_) {
        throw Error(Errc::InvalidArgument, "blob " + digest_ + ": more data than the expected " +
                                               std::to_string(expected_size_) + " bytes");
    }
    base::write_all(data_fd_.get(), data, len);
    hash_.update(data, len);
    offset_ += static_cast<int64_t>(len);
}

void Writer::truncate() {
    if (exists_ || done_) return;
    if (::ftruncate(data_fd_.get(), 0) != 0 || ::lseek(data_fd_.get(), 0, SEEK_SET) < 0) {
        throw sys_error("truncate ingest " + digest_);
    }
    hash_ = Sha256();
    offset_ = 0;
}

std::string Writer::commit() {
    if (exists_ || done_) return blob_path_;
    auto fail = [&](std::string msg) {
        abort();
        throw Error(Errc::InvalidArgument, "blob " + digest_ + ": " + msg);
    };
    if (expected_size_ >= 0 && offset_ != expected_size_) {
        fail("size mismatch: expected " + std::to_string(expected_size_) + " bytes, got " +
             std::to_string(offset_));
    }
    const std::string got = hash_.digest();
    if (got != digest_) fail("digest mismatch: got " + got);
    if (::fchmod(data_fd_.get(), 0444) != 0) throw sys_error("chmod ingest " + digest_);
    if (::fsync(data_fd_.get()) != 0) throw sys_error("fsync ingest " + digest_);
    data_fd_.reset();
    const std::string dir = std::filesystem::path(blob_path_).parent_path().string();
    base::make_dirs(dir);
    if (::rename((ingest_dir_ + "/data").c_str(), blob_path_.c_str()) != 0) {
        throw sys_error("move " + digest_ + " into the content store");
    }
    base::sync_dir(dir);
    remove_ingest_files(ingest_dir_);
    lock_fd_.reset();
    done_ = true;
    return blob_path_;
}

void Writer::abort() {
    if (exists_ || done_) return;
    data_fd_.reset();
    remove_ingest_files(ingest_dir_);
    lock_fd_.reset();
    done_ = true;
}

// --- Store ----------------------------------------------------------------------

Store::Store(std::string root) : root_(std::move(root)) {}

Store Store::for_config(const EngineConfig& config) {
    return Store(config.data_root + "/content");
}

std::string Store::path(std::string_view digest) const {
    return blobs_dir() + "/" + digest_hex(digest);
}

bool Store::exists(std::string_view digest) const {
    struct stat st {};
    return ::stat(path(digest).c_str(), &st) == 0;
}

std::optional<BlobInfo> Store::try_info(std::string_view digest) const {
    struct stat st {};
    const std::string p = path(digest);
    if (::stat(p.c_str(), &st) != 0) {
        if (errno == ENOENT) return std::nullopt;
        throw sys_error("stat " + p);
    }
    return BlobInfo{std::string(digest), st.st_size, st.st_mtim.tv_sec};
}

BlobInfo Store::info(std::string_view digest) const {
    auto i = try_info(digest);
    if (!i) throw Error(Errc::NotFound, "content " + std::string(digest) + ": not found");
    return *i;
}

Reader Store::open_reader(std::string_view digest) const {
    const std::string p = path(digest);
    int raw = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw < 0) {
        if (errno == ENOENT) {
            throw Error(Errc::NotFound, "content " + std::string(digest) + ": not found");
        }
        throw sys_error("open " + p);
    }
    base::UniqueFd fd(raw);
    const int64_t size = file_size(fd.get(), p);
    return Reader(std::move(fd), size);
}

std::string Store::read_blob(std::string_view digest, size_t max_size) const {
    Reader r = open_reader(digest);
    if (static_cast<size_t>(r.size()) > max_size) {
        throw Error(Errc::InvalidArgument, "content " + std::string(digest) + ": too large (" +
                                               std::to_string(r.size()) + " bytes)");
    }
    return base::read_all(r.fd());
}

Writer Store::writer(std::string_view digest, int64_t expected_size) {
    Writer w;
    w.digest_ = std::string(digest);
    w.blob_path_ = path(digest);  // validates the digest before it becomes a path
    w.expected_size_ = expected_size;
    if (exists(digest)) {
        w.exists_ = true;
        return w;
    }
    w.ingest_dir_ = ingest_root() + "/" + digest_hex(digest);
    w.lock_fd_ = lock_ingest_dir(w.ingest_dir_, true);
    if (exists(digest)) {
        // Another process finished it while we waited.
        remove_ingest_files(w.ingest_dir_);
        w.lock_fd_.reset();
        w.exists_ = true;
        return w;
    }
    const std::string data_path = w.ingest_dir_ + "/data";
    w.data_fd_ = base::open_fd(data_path.c_str(), O_RDWR | O_CREAT, 0600);
    // Resume: the partial data is ours to continue, but its hash must be recomputed.
    std::vector<char> buf(kBufSize);
    int64_t have = 0;
    for (;;) {
        const ssize_t n = ::read(w.data_fd_.get(), buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("read " + data_path);
        }
        if (n == 0) break;
        w.hash_.update(buf.data(), static_cast<size_t>(n));
        have += n;
    }
    w.offset_ = have;
    if (expected_size >= 0 && have > expected_size) w.truncate();
    if (expected_size >= 0) {
        base::atomic_write_file(w.ingest_dir_ + "/total", std::to_string(expected_size), 0600);
    }
    return w;
}

std::string Store::write_blob(std::string_view data, std::string_view digest) {
    const std::string actual = sha256_digest(data);
    if (!digest.empty() && digest != actual) {
        throw Error(Errc::InvalidArgument,
                    "blob " + std::string(digest) + ": digest mismatch: got " + actual);
    }
    Writer w = writer(actual, static_cast<int64_t>(data.size()));
    if (w.already_exists()) return actual;
    w.truncate();
    w.write(data);
    w.commit();
    return actual;
}

bool Store::remove(std::string_view digest) {
    const std::string p = path(digest);
    if (::unlink(p.c_str()) != 0) {
        if (errno == ENOENT) return false;
        throw sys_error("remove " + p);
    }
    return true;
}

std::vector<BlobInfo> Store::list() const {
    std::vector<BlobInfo> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(blobs_dir(), ec)) {
        const std::string name = e.path().filename().string();
        const std::string digest = "sha256:" + name;
        if (!reference::is_valid_digest(digest)) continue;
        if (auto i = try_info(digest)) out.push_back(*i);
    }
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw sys_error("list " + blobs_dir(), ec.value());
    }
    return out;
}

void Store::verify(std::string_view digest) const {
    Reader r = open_reader(digest);
    Sha256 h;
    std::vector<char> buf(kBufSize);
    for (size_t n; (n = r.read(buf.data(), buf.size())) > 0;)
        h.update(buf.data(), n);
    const std::string got = h.digest();
    if (got != digest) {
        throw Error(Errc::InvalidArgument,
                    "blob " + std::string(digest) + ": digest mismatch: got " + got);
    }
}

std::vector<std::string> Store::list_ingests() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(ingest_root(), ec)) {
        const std::string digest = "sha256:" + e.path().filename().string();
        if (reference::is_valid_digest(digest)) out.push_back(digest);
    }
    return out;
}

bool Store::remove_ingest(std::string_view digest) {
    const std::string dir = ingest_root() + "/" + digest_hex(digest);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return false;
    base::UniqueFd lock = lock_ingest_dir(dir, false);
    if (!lock) return false;
    remove_ingest_files(dir);
    return true;
}

}  // namespace tug::engine::content
