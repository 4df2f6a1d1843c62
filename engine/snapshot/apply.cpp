// The layer applier: the stream is decompressed (filter_source.hpp) and its tar parsed
// by TarReader; every file-system change is made with *at() calls relative to
// directory fds opened without following symlinks, so an entry cannot write outside
// the root whatever the archive holds.
#include "engine/snapshot/apply.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <unordered_set>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/lazy/openssl.hpp"
#include "engine/snapshot/fs_ops.hpp"
#include "engine/snapshot/filter_source.hpp"
#include "engine/snapshot/gunzip.hpp"
#include "engine/snapshot/tar_reader.hpp"

namespace tug::engine::snapshot {

using base::UniqueFd;

namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr std::string_view kWhiteoutMeta = ".wh..wh.";

struct MdDeleter {
    void operator()(EVP_MD_CTX* c) const { lazy::crypto().EVP_MD_CTX_free(c); }
};

std::string hex(const unsigned char* p, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    s.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 15];
    }
    return s;
}

// The layer's bytes as they are read, reported to on_progress.
class CountingSource : public StreamSource {
public:
    CountingSource(StreamSource& src, const ApplyOptions& opts) : src_(src), opts_(opts) {}
    std::string_view next() override {
        std::string_view v = src_.next();
        consumed_ += v.size();
        if (opts_.on_progress && !v.empty()) opts_.on_progress(consumed_);
        return v;
    }
    void cancel() override { src_.cancel(); }

private:
    StreamSource& src_;
    const ApplyOptions& opts_;
    uint64_t consumed_ = 0;
};

// The decompressed stream, hashed as it is read for the diff id.
class HashingSource : public StreamSource {
public:
    explicit HashingSource(StreamSource& src) : src_(src) {
        if (!md_ ||
            lazy::crypto().EVP_DigestInit_ex(md_.get(), lazy::crypto().EVP_sha256(), nullptr) != 1)
            throw Error(Errc::Internal, "initialise sha256");
    }
    std::string_view next() override {
        std::string_view v = src_.next();
        lazy::crypto().EVP_DigestUpdate(md_.get(), v.data(), v.size());
        return v;
    }
    void cancel() override { src_.cancel(); }
    std::string digest() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        lazy::crypto().EVP_DigestFinal_ex(md_.get(), md, &len);
        return "sha256:" + hex(md, len);
    }

private:
    StreamSource& src_;
    std::unique_ptr<EVP_MD_CTX, MdDeleter> md_{lazy::crypto().EVP_MD_CTX_new()};
};

struct DeferredDir {
    std::vector<std::string> comps;
    mode_t mode;
    struct timespec times[2];
};

class Applier {
public:
    Applier(int root_fd, const ApplyOptions& opts) : root_(root_fd), opts_(opts), is_root_(::geteuid() == 0) {}

    void entry(TarReader& tar, const TarEntry& e);
    void finish();
    uint64_t size() const { return size_; }

private:
    int parent_fd(const std::vector<std::string>& comps);
    void invalidate() {
        cached_.reset();
        cached_path_.clear();
        cached_valid_ = false;
    }
    void whiteout(const std::vector<std::string>& comps, const std::string& name);
    void opaque(const std::vector<std::string>& comps);
    void set_owner(int dirfd, const std::string& name, const TarEntry& e);
    void set_xattrs(int fd, const TarEntry& e);
    void write_file(int dirfd, const std::string& name, TarReader& tar, const TarEntry& e);

    int root_;
    const ApplyOptions& opts_;
    bool is_root_;
    uint64_t size_ = 0;
    UniqueFd cached_;
    std::string cached_path_;
    bool cached_valid_ = false;
    std::vector<DeferredDir> dirs_;
    std::unordered_set<std::string> created_;  // WhiteoutMode::Delete: paths this layer wrote
};

std::string joined(const std::vector<std::string>& comps, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) {
        if (i) s += '/';
        s += comps[i];
    }
    return s;
}

int Applier::parent_fd(const std::vector<std::string>& comps) {
    const size_t n = comps.size() - 1;
    std::string key = joined(comps, n);
    if (cached_valid_ && key == cached_path_) return cached_.get();
    cached_ = open_dir_beneath(root_, comps, n, true);
    cached_path_ = std::move(key);
    cached_valid_ = true;
    return cached_.get();
}

void Applier::whiteout(const std::vector<std::string>& comps, const std::string& name) {
    invalidate();
    UniqueFd dir = open_dir_beneath(root_, comps, comps.size() - 1, true);
    remove_at(dir.get(), name);
    if (opts_.whiteouts == WhiteoutMode::Overlay) {
        if (::mknodat(dir.get(), name.c_str(), S_IFCHR | 0, makedev(0, 0)) != 0)
            throw sys_error("create whiteout " + name);
    }
}

void Applier::opaque(const std::vector<std::string>& comps) {
    invalidate();
    const size_t n = comps.size() - 1;
    UniqueFd dir = open_dir_beneath(root_, comps, n, true);
    if (opts_.whiteouts == WhiteoutMode::Overlay) {
        if (::fsetxattr(dir.get(), "trusted.overlay.opaque", "y", 1, 0) != 0)
            throw sys_error("set opaque directory xattr");
        return;
    }
    // Delete mode: the directory keeps only what this layer put in it.
    const std::string prefix = n ? joined(comps, n) + "/" : std::string();
    UniqueFd list(::openat(dir.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    DIR* d = list ? ::fdopendir(list.release()) : nullptr;
    if (!d) throw sys_error("read directory for opaque marker");
    std::vector<std::string> victims;
    while (dirent* de = ::readdir(d)) {
        std::string_view c = de->d_name;
        if (c == "." || c == "..") continue;
        if (!created_.count(prefix + std::string(c))) victims.emplace_back(c);
    }
    ::closedir(d);
    for (const auto& v : victims) remove_at(dir.get(), v);
}

void Applier::set_owner(int dirfd, const std::string& name, const TarEntry& e) {
    if (!is_root_) return;
    if (::fchownat(dirfd, name.c_str(), static_cast<uid_t>(e.uid), static_cast<gid_t>(e.gid), AT_SYMLINK_NOFOLLOW) != 0)
        throw sys_error("chown");
}

void Applier::set_xattrs(int fd, const TarEntry& e) {
    for (const auto& [name, value] : e.xattrs) {
        // A layer must not forge overlayfs metadata (opaque dirs, redirects).
        if (name.empty() || name.starts_with("trusted.overlay.") || name.starts_with("user.overlay.")) continue;
        if (::fsetxattr(fd, name.c_str(), value.data(), value.size(), 0) != 0) {
            if (errno == ENOTSUP || (errno == EPERM && !is_root_)) continue;
            throw sys_error("set xattr " + name);
        }
    }
}

void Applier::write_file(int dirfd, const std::string& name, TarReader& tar, const TarEntry& e) {
    UniqueFd fd(::openat(dirfd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) throw sys_error("create file");
    for (std::string_view v; !(v = tar.data()).empty();) base::write_all(fd.get(), v.data(), v.size());
    size_ += static_cast<uint64_t>(e.size);
    if (is_root_ && ::fchown(fd.get(), static_cast<uid_t>(e.uid), static_cast<gid_t>(e.gid)) != 0)
        throw sys_error("chown");
    // After chown, which clears set-id bits.
    if (::fchmod(fd.get(), e.mode) != 0) throw sys_error("chmod");
    set_xattrs(fd.get(), e);
    const TarTime atime = e.atime.value_or(e.mtime);
    const struct timespec times[2] = {{atime.sec, atime.nsec}, {e.mtime.sec, e.mtime.nsec}};
    if (::futimens(fd.get(), times) != 0) throw sys_error("set times");
}

void Applier::entry(TarReader& tar, const TarEntry& e) {
    const std::string& name = e.name;
    with_context("entry \"" + name + "\"", [&] {
        std::vector<std::string> comps = split_entry_path(name);
        const char type = e.regular() ? '0' : e.type;
        const struct timespec mtime = {e.mtime.sec, e.mtime.nsec};
        if (comps.empty()) {  // "./": the root directory's own metadata
            if (type == '5') {
                if (is_root_ && ::fchown(root_, static_cast<uid_t>(e.uid), static_cast<gid_t>(e.gid)) != 0)
                    throw sys_error("chown");
                dirs_.push_back({{}, e.mode, {mtime, mtime}});
            }
            return;
        }
        const std::string& base = comps.back();
        if (base.starts_with(kWhiteoutPrefix)) {
            if (base == kOpaqueMarker)
                opaque(comps);
            else if (!base.starts_with(kWhiteoutMeta))
                whiteout(comps, base.substr(kWhiteoutPrefix.size()));
            return;
        }
        const int dir = parent_fd(comps);
        if (opts_.whiteouts == WhiteoutMode::Delete) created_.insert(joined(comps, comps.size()));

        struct stat st {};
        const bool exists = ::fstatat(dir, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
        if (exists && !(S_ISDIR(st.st_mode) && type == '5')) {
            remove_at(dir, base);
            if (S_ISDIR(st.st_mode)) invalidate();
        }

        if (type == '1') {
            const std::string& link = e.link;
            std::vector<std::string> target =
                with_context("hardlink target \"" + link + "\"", [&] { return split_entry_path(link); });
            if (target.empty()) throw Error(Errc::InvalidArgument, "hardlink to the root directory");
            UniqueFd tdir = with_context("hardlink target \"" + link + "\"", [&] {
                return open_dir_beneath(root_, target, target.size() - 1, false);
            });
            if (::linkat(tdir.get(), target.back().c_str(), dir, base.c_str(), 0) != 0)
                throw sys_error("hardlink to " + link);
            return;
        }

        switch (type) {
            case '5': {
                if (!exists || !S_ISDIR(st.st_mode)) {
                    if (::mkdirat(dir, base.c_str(), 0700) != 0) throw sys_error("create directory");
                }
                set_owner(dir, base, e);
                if (!e.xattrs.empty()) {
                    UniqueFd d(::openat(dir, base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                    if (!d) throw sys_error("open directory");
                    set_xattrs(d.get(), e);
                }
                dirs_.push_back({comps, e.mode, {mtime, mtime}});
                break;
            }
            case '0':
                write_file(dir, base, tar, e);
                break;
            case '2': {
                if (::symlinkat(e.link.c_str(), dir, base.c_str()) != 0) throw sys_error("create symlink");
                set_owner(dir, base, e);
                const struct timespec times[2] = {mtime, mtime};
                ::utimensat(dir, base.c_str(), times, AT_SYMLINK_NOFOLLOW);
                break;
            }
            case '3':
            case '4':
            case '6': {
                // Without root, device nodes cannot be made; like rootless engines, skip them.
                if (type != '6' && !is_root_) break;
                const mode_t kind = type == '3' ? S_IFCHR : type == '4' ? S_IFBLK : S_IFIFO;
                const dev_t dev = makedev(e.devmajor, e.devminor);
                if (::mknodat(dir, base.c_str(), kind | e.mode, dev) != 0) throw sys_error("create device node");
                set_owner(dir, base, e);
                if (::fchmodat(dir, base.c_str(), e.mode, 0) != 0) throw sys_error("chmod");
                const struct timespec times[2] = {mtime, mtime};
                ::utimensat(dir, base.c_str(), times, AT_SYMLINK_NOFOLLOW);
                break;
            }
            default:
                break;  // unknown types (GNU volume labels, ...) carry nothing worth restoring
        }
    });
}

void Applier::finish() {
    invalidate();
    // Deepest first, so setting a parent's mtime comes after its children changed it.
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
        UniqueFd d;
        try {
            d = open_dir_beneath(root_, it->comps, it->comps.size(), false);
        } catch (const Error&) {
            continue;  // replaced or whited out later in the layer
        }
        if (::fchmod(d.get(), it->mode) != 0) throw sys_error("chmod directory " + joined(it->comps, it->comps.size()));
        ::futimens(d.get(), it->times);
    }
}

}  // namespace

ApplyResult apply_layer(const std::string& root, StreamSource& src, const ApplyOptions& opts) {
    UniqueFd root_fd = base::open_fd(root.c_str(), O_RDONLY | O_DIRECTORY);
    CountingSource counted(src, opts);
    const std::string_view head = counted.next();
    PrefixedSource whole(head, counted);
    Applier applier(root_fd.get(), opts);
    // After the sources: an inflating thread reads them until it is stopped.
    const auto plain = decompressed(head, whole, "decompress layer", true);
    HashingSource hashed(*plain);
    TarReader tar(hashed, "read layer tar");
    for (TarEntry e; tar.next(e);) applier.entry(tar, e);
    // The tar end marker may be followed by padding that is part of the digest.
    tar.drain();
    // Drain the source too: compressed trailers belong to the blob being downloaded.
    while (!whole.next().empty()) {
    }
    applier.finish();
    ApplyResult res{hashed.digest(), applier.size()};
    if (!opts.expected_diff_id.empty() && res.diff_id != opts.expected_diff_id)
        throw Error(Errc::InvalidArgument,
                    "uncompressed digest " + res.diff_id + " does not match diff id " + opts.expected_diff_id);
    return res;
}

}  // namespace tug::engine::snapshot
