// The layer applier: libarchive decompresses and parses the tar; every file-system
// change is made with *at() calls relative to directory fds opened without following
// symlinks, so an entry cannot write outside the root whatever the archive holds.
#include "engine/snapshot/apply.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <memory>
#include <unordered_set>

#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/snapshot/fs_ops.hpp"
#include "engine/snapshot/filter_source.hpp"
#include "engine/snapshot/gunzip.hpp"

namespace tug::engine::snapshot {

using base::UniqueFd;

namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr std::string_view kWhiteoutMeta = ".wh..wh.";

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

struct MdDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
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

// The layer's tar as libarchive parses it, read from the decompressed stream (see
// filter_source.hpp) and hashed on the way for the diff id.
struct Pipeline {
    std::unique_ptr<StreamSource> plain;  // decompressed
    ArchivePtr tar;
    std::unique_ptr<EVP_MD_CTX, MdDeleter> md{EVP_MD_CTX_new()};
    std::exception_ptr error;  // an exception thrown inside a libarchive callback

    static la_ssize_t read_plain(archive* a, void* self, const void** buf) {
        auto* p = static_cast<Pipeline*>(self);
        try {
            std::string_view v = p->plain->next();
            *buf = v.data();
            EVP_DigestUpdate(p->md.get(), v.data(), v.size());
            return static_cast<la_ssize_t>(v.size());
        } catch (...) {
            p->error = std::current_exception();
            archive_set_error(a, EIO, "decompress failed");
            return -1;
        }
    }

    [[noreturn]] void fail(archive* a, const std::string& what) {
        if (error) std::rethrow_exception(error);
        const char* msg = archive_error_string(a);
        throw Error(Errc::InvalidArgument, what + ": " + (msg ? msg : "unknown error"));
    }
};

struct DeferredDir {
    std::vector<std::string> comps;
    mode_t mode;
    struct timespec times[2];
};

class Applier {
public:
    Applier(int root_fd, const ApplyOptions& opts) : root_(root_fd), opts_(opts), is_root_(::geteuid() == 0) {}

    void entry(archive* tar, archive_entry* e);
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
    void set_owner(int dirfd, const std::string& name, archive_entry* e);
    void set_xattrs(int fd, archive_entry* e);
    void write_file(int dirfd, const std::string& name, archive* tar, archive_entry* e);

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

void Applier::set_owner(int dirfd, const std::string& name, archive_entry* e) {
    if (!is_root_) return;
    if (::fchownat(dirfd, name.c_str(), static_cast<uid_t>(archive_entry_uid(e)),
                   static_cast<gid_t>(archive_entry_gid(e)), AT_SYMLINK_NOFOLLOW) != 0)
        throw sys_error("chown");
}

void Applier::set_xattrs(int fd, archive_entry* e) {
    if (archive_entry_xattr_reset(e) == 0) return;
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
        std::string_view n = name ? name : "";
        // A layer must not forge overlayfs metadata (opaque dirs, redirects).
        if (n.empty() || n.starts_with("trusted.overlay.") || n.starts_with("user.overlay.")) continue;
        if (::fsetxattr(fd, name, value, size, 0) != 0) {
            if (errno == ENOTSUP || (errno == EPERM && !is_root_)) continue;
            throw sys_error("set xattr " + std::string(n));
        }
    }
}

void Applier::write_file(int dirfd, const std::string& name, archive* tar, archive_entry* e) {
    UniqueFd fd(::openat(dirfd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) throw sys_error("create file");
    const void* buf = nullptr;
    size_t len = 0;
    la_int64_t off = 0;
    for (;;) {
        int r = archive_read_data_block(tar, &buf, &len, &off);
        if (r == ARCHIVE_EOF) break;
        if (r < ARCHIVE_WARN) throw Error(Errc::InvalidArgument, std::string("read data: ") + archive_error_string(tar));
        const char* p = static_cast<const char*>(buf);
        while (len > 0) {
            ssize_t n = ::pwrite(fd.get(), p, len, off);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw sys_error("write");
            }
            p += n;
            off += n;
            len -= static_cast<size_t>(n);
        }
    }
    const la_int64_t size = archive_entry_size(e);
    if (::ftruncate(fd.get(), size) != 0) throw sys_error("truncate");  // sparse tails
    size_ += static_cast<uint64_t>(size);
    if (is_root_ && ::fchown(fd.get(), static_cast<uid_t>(archive_entry_uid(e)),
                             static_cast<gid_t>(archive_entry_gid(e))) != 0)
        throw sys_error("chown");
    // After chown, which clears set-id bits.
    if (::fchmod(fd.get(), archive_entry_perm(e)) != 0) throw sys_error("chmod");
    set_xattrs(fd.get(), e);
    const struct timespec times[2] = {
        {archive_entry_atime_is_set(e) ? archive_entry_atime(e) : archive_entry_mtime(e),
         archive_entry_atime_is_set(e) ? archive_entry_atime_nsec(e) : archive_entry_mtime_nsec(e)},
        {archive_entry_mtime(e), archive_entry_mtime_nsec(e)}};
    if (::futimens(fd.get(), times) != 0) throw sys_error("set times");
}

void Applier::entry(archive* tar, archive_entry* e) {
    const char* raw_name = archive_entry_pathname(e);
    const std::string name = raw_name ? raw_name : "";
    with_context("entry \"" + name + "\"", [&] {
        std::vector<std::string> comps = split_entry_path(name);
        const auto type = archive_entry_filetype(e);
        const struct timespec mtime = {archive_entry_mtime(e), archive_entry_mtime_nsec(e)};
        if (comps.empty()) {  // "./": the root directory's own metadata
            if (type == AE_IFDIR) {
                if (is_root_ && ::fchown(root_, static_cast<uid_t>(archive_entry_uid(e)),
                                         static_cast<gid_t>(archive_entry_gid(e))) != 0)
                    throw sys_error("chown");
                dirs_.push_back({{}, archive_entry_perm(e), {mtime, mtime}});
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
        if (exists && !(S_ISDIR(st.st_mode) && type == AE_IFDIR)) {
            remove_at(dir, base);
            if (S_ISDIR(st.st_mode)) invalidate();
        }

        if (const char* link = archive_entry_hardlink(e)) {
            std::vector<std::string> target = with_context(
                std::string("hardlink target \"") + link + "\"", [&] { return split_entry_path(link); });
            if (target.empty()) throw Error(Errc::InvalidArgument, "hardlink to the root directory");
            UniqueFd tdir = with_context(std::string("hardlink target \"") + link + "\"", [&] {
                return open_dir_beneath(root_, target, target.size() - 1, false);
            });
            if (::linkat(tdir.get(), target.back().c_str(), dir, base.c_str(), 0) != 0)
                throw sys_error(std::string("hardlink to ") + link);
            return;
        }

        switch (type) {
            case AE_IFDIR: {
                if (!exists || !S_ISDIR(st.st_mode)) {
                    if (::mkdirat(dir, base.c_str(), 0700) != 0) throw sys_error("create directory");
                }
                set_owner(dir, base, e);
                if (archive_entry_xattr_count(e) > 0) {
                    UniqueFd d(::openat(dir, base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                    if (!d) throw sys_error("open directory");
                    set_xattrs(d.get(), e);
                }
                dirs_.push_back({comps, archive_entry_perm(e), {mtime, mtime}});
                break;
            }
            case AE_IFREG:
                write_file(dir, base, tar, e);
                break;
            case AE_IFLNK: {
                const char* target = archive_entry_symlink(e);
                if (::symlinkat(target ? target : "", dir, base.c_str()) != 0) throw sys_error("create symlink");
                set_owner(dir, base, e);
                const struct timespec times[2] = {mtime, mtime};
                ::utimensat(dir, base.c_str(), times, AT_SYMLINK_NOFOLLOW);
                break;
            }
            case AE_IFCHR:
            case AE_IFBLK:
            case AE_IFIFO: {
                // Without root, device nodes cannot be made; like rootless engines, skip them.
                if (type != AE_IFIFO && !is_root_) break;
                const dev_t dev = makedev(archive_entry_rdevmajor(e), archive_entry_rdevminor(e));
                if (::mknodat(dir, base.c_str(), type | archive_entry_perm(e), dev) != 0)
                    throw sys_error("create device node");
                set_owner(dir, base, e);
                if (::fchmodat(dir, base.c_str(), archive_entry_perm(e), 0) != 0) throw sys_error("chmod");
                const struct timespec times[2] = {mtime, mtime};
                ::utimensat(dir, base.c_str(), times, AT_SYMLINK_NOFOLLOW);
                break;
            }
            default:
                break;  // sockets and unknown types carry nothing worth restoring
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
    Pipeline p;  // after the sources: its inflating thread reads them until it is stopped
    if (!p.md || EVP_DigestInit_ex(p.md.get(), EVP_sha256(), nullptr) != 1)
        throw Error(Errc::Internal, "initialise sha256");

    Applier applier(root_fd.get(), opts);
    if (!head.empty()) {
        p.plain = decompressed(head, whole, "decompress layer", false);
        p.tar.reset(archive_read_new());
        archive_read_support_format_tar(p.tar.get());
        archive_read_support_format_empty(p.tar.get());
        if (archive_read_open(p.tar.get(), &p, nullptr, &Pipeline::read_plain, nullptr) != ARCHIVE_OK)
            p.fail(p.tar.get(), "read layer tar");
        archive_entry* e = nullptr;
        for (;;) {
            const int r = archive_read_next_header(p.tar.get(), &e);
            if (r == ARCHIVE_EOF) break;
            if (r < ARCHIVE_WARN) p.fail(p.tar.get(), "read layer tar");
            applier.entry(p.tar.get(), e);
        }
        // The tar end marker may be followed by padding that is part of the digest.
        for (std::string_view v; !(v = p.plain->next()).empty();) EVP_DigestUpdate(p.md.get(), v.data(), v.size());
    }
    // Drain the source too: compressed trailers belong to the blob being downloaded.
    while (!whole.next().empty()) {
    }
    applier.finish();

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_DigestFinal_ex(p.md.get(), md, &mdlen);
    ApplyResult res{"sha256:" + hex(md, mdlen), applier.size()};
    if (!opts.expected_diff_id.empty() && res.diff_id != opts.expected_diff_id)
        throw Error(Errc::InvalidArgument,
                    "uncompressed digest " + res.diff_id + " does not match diff id " + opts.expected_diff_id);
    return res;
}

}  // namespace tug::engine::snapshot
