// Reading an archive into the staging directory (tar_reader.hpp; any compression).
#include "engine/archive/stage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "engine/snapshot/tar_reader.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/snapshot/ahead_source.hpp"
#include "engine/snapshot/filter_source.hpp"
#include "engine/snapshot/gunzip.hpp"

namespace tug::engine::archive {

namespace {

std::string dir_of(const std::string& name) {
    auto p = name.rfind('/');
    return p == std::string::npos ? "" : name.substr(0, p + 1);
}

// A symlink target relative to the link's directory, resolved lexically; ".." may
// climb within the archive (podman's <id>/layer.tar -> ../<hex>.tar), never out of it.
std::string resolve_link(const std::string& link, const std::string& target) {
    std::vector<std::string> parts;
    const std::string path = dir_of(link) + target;
    size_t i = 0;
    while (i <= path.size()) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        std::string comp = path.substr(i, j - i);
        if (comp == "..") {
            if (parts.empty())
                throw Error(Errc::InvalidArgument, "archive entry \"" + link + "\" links outside the archive");
            parts.pop_back();
        } else if (!comp.empty() && comp != ".") {
            parts.push_back(comp);
        }
        i = j + 1;
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

// Staged files are fsynced before they are adopted (sync_all); their writeback is started
// while the archive is still being read, so that the disk writes alongside the reading
// and unpacking instead of after them: for a 270 MB archive here, sync_all then waits
// ~3 ms instead of ~0.13 s.
constexpr int64_t kWritebackChunk = 8 << 20;

void start_writeback(int fd, int64_t& from, int64_t to) {
    if (to > from) ::sync_file_range(fd, from, to - from, SYNC_FILE_RANGE_WRITE);
    from = to;
}

}  // namespace

std::string clean_entry_name(const std::string& name) {
    if (!name.empty() && name[0] == '/')
        throw Error(Errc::InvalidArgument, "archive entry \"" + name + "\" is an absolute path");
    std::string out;
    size_t i = 0;
    while (i <= name.size()) {
        size_t j = name.find('/', i);
        if (j == std::string::npos) j = name.size();
        std::string comp = name.substr(i, j - i);
        if (comp == "..")
            throw Error(Errc::InvalidArgument, "archive entry \"" + name + "\" escapes the archive");
        if (!comp.empty() && comp != ".") out += (out.empty() ? "" : "/") + comp;
        i = j + 1;
    }
    return out;
}

namespace {

using snapshot::TarEntry;
using snapshot::TarReader;

// Copies the current entry's data to path, hashing it. A listener is told once the
// first kHeadBytes are on disk and kept informed through its tail.
StagedFile stage_entry(TarReader& tar, const TarEntry& entry, const std::string& path, StageListener* listener) {
    constexpr int64_t kHeadBytes = 512;
    StagedFile f;
    f.path = path;
    base::UniqueFd out = base::open_fd(f.path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    snapshot::FileTail* tail = nullptr;
    try {
        content::Sha256 hash;
        int64_t written = 0, flushed = 0;
        for (std::string_view v; !(v = tar.data()).empty();) {
            hash.update(v.data(), v.size());
            base::write_all(out.get(), v.data(), v.size());
            const bool head_written = written < std::min(entry.size, kHeadBytes);
            written += static_cast<int64_t>(v.size());
            if (written - flushed >= kWritebackChunk) start_writeback(out.get(), flushed, written);
            if (listener && head_written && written >= std::min(entry.size, kHeadBytes))
                tail = listener->follow(f.path, entry.size);
            if (tail) tail->notify();
        }
        start_writeback(out.get(), flushed, written);
        f.size = written;
        f.digest = hash.digest();
    } catch (const std::exception& e) {
        if (tail) tail->fail(e.what());
        throw;
    }
    if (tail) tail->finish();
    return f;
}

}  // namespace

StagedArchive::StagedArchive(int fd, const std::string& parent, StageListener* listener)
    : dir_((base::make_dirs(parent, 0700), parent), ".load-") {
    // An archive file that is not in the page cache is read with O_DIRECT: the disk
    // writes into tug's buffers and the kernel copies nothing (~0.03 s of CPU less for
    // 270 MB). The unpacking workers follow the staged files, which are in the cache:
    // reading the archive a second time from the disk made load wait for it.
    const int64_t start = ::lseek(fd, 0, SEEK_CUR);  // -1: a pipe
    struct stat st {};
    std::unique_ptr<snapshot::StreamSource> in;
    if (start >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        !snapshot::mostly_cached(fd, start, st.st_size - start))
        in = snapshot::direct_file_source(fd, start, st.st_size - start);
    if (in) base::log_debug("load: the archive is not in the page cache: reading it with O_DIRECT");
    if (!in) {
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        in = std::make_unique<snapshot::FdSource>(fd);
    }
    const std::string_view head = in->next();
    snapshot::PrefixedSource whole(head, *in);
    const auto plain = snapshot::decompressed(head, whole, "decompress archive", true);
    TarReader tar(*plain);
    int seq = 0;
    for (TarEntry e; tar.next(e);) {
        const std::string name = clean_entry_name(e.name);
        if (e.type == '1') {
            links_[name] = clean_entry_name(e.link);
        } else if (e.type == '2') {
            if (!e.link.empty() && e.link[0] == '/')
                throw Error(Errc::InvalidArgument, "archive entry \"" + name + "\" links outside the archive");
            links_[name] = resolve_link(name, e.link);
        } else if (e.regular() && !name.empty()) {
            StagedFile f = stage_entry(tar, e, dir_.path() + "/" + std::to_string(seq++), listener);
            by_digest_.emplace(f.digest, name);
            const StagedFile& staged = files_[name] = std::move(f);
            if (listener) listener->staged(staged);
        }
    }
    tar.drain();
}

const StagedFile* StagedArchive::find(const std::string& name) const {
    std::string n = clean_entry_name(name);
    for (int hops = 0; hops < 16; ++hops) {
        if (auto it = files_.find(n); it != files_.end()) return &it->second;
        auto l = links_.find(n);
        if (l == links_.end()) return nullptr;
        n = l->second;
    }
    return nullptr;
}

const StagedFile* StagedArchive::blob(const std::string& digest) const {
    if (!digest.starts_with("sha256:")) return nullptr;
    if (const StagedFile* f = find("blobs/sha256/" + content::digest_hex(digest))) return f;
    auto it = by_digest_.find(digest);
    return it == by_digest_.end() ? nullptr : &files_.at(it->second);
}

std::string StagedArchive::read(const StagedFile& f, size_t max) const {
    if (static_cast<size_t>(f.size) > max)
        throw Error(Errc::InvalidArgument, "archive file of " + std::to_string(f.size) + " bytes is too large");
    return base::read_file(f.path);
}

void StagedArchive::sync_all() const {
    std::vector<const StagedFile*> all;
    for (const auto& [name, f] : files_) all.push_back(&f);
    std::atomic<size_t> next{0};
    // Errors are left to adopt_blob, which syncs each file it adopts again and reports.
    auto worker = [&] {
        for (size_t i; (i = next++) < all.size();) {
            const int fd = ::open(all[i]->path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            ::fsync(fd);
            ::close(fd);
        }
    };
    std::vector<std::thread> threads;
    for (size_t t = 0; t < std::min<size_t>(all.size(), 16); ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
}

bool adopt_blob(content::Store& cs, const StagedFile& f, const std::string& digest) {
    if (f.digest != digest)
        throw Error(Errc::InvalidArgument, "blob " + digest + ": digest mismatch: got " + f.digest);
    if (cs.exists(digest)) return false;
    const std::string dest = cs.path(digest);
    const std::string dir = dest.substr(0, dest.rfind('/'));
    base::make_dirs(dir);
    {
        base::UniqueFd fd = base::open_fd(f.path.c_str(), O_RDONLY);
        if (::fsync(fd.get()) != 0) throw sys_error("fsync " + f.path);
    }
    ::chmod(f.path.c_str(), 0644);
    // The staged file's own copy may be needed again (two names for one blob): link,
    // then rename, so the staged name stays valid.
    const std::string tmp = dest + ".load-" + std::to_string(::getpid());
    if (::link(f.path.c_str(), tmp.c_str()) != 0) {
        if (errno != EXDEV) throw sys_error("link " + tmp);
        // Staging on another file system: copy through an ingest.
        content::Writer w = cs.writer(digest, f.size);
        if (w.already_exists()) return false;
        w.truncate();
        base::UniqueFd in = base::open_fd(f.path.c_str(), O_RDONLY);
        std::string buf(1 << 20, '\0');
        for (ssize_t n; (n = ::read(in.get(), buf.data(), buf.size())) != 0;) {
            if (n < 0) throw sys_error("read " + f.path);
            w.write(buf.data(), static_cast<size_t>(n));
        }
        w.commit();
        return true;
    }
    if (::rename(tmp.c_str(), dest.c_str()) != 0) {
        ::unlink(tmp.c_str());
        throw sys_error("rename " + dest);
    }
    base::sync_dir(dir);
    return true;
}

}  // namespace tug::engine::archive
