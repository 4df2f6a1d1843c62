// cp's entry sources (tree walk, tar stream) and sinks (tar stream, extraction), with
// every path inside a root resolved by openat2 and nothing below the top followed.
#include "engine/archive/copy_entries.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "engine/archive/stage.hpp"
#include "engine/base/error.hpp"
#include "engine/base/openat2.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/lazy/archive.hpp"

namespace tug::engine::archive {

namespace {

struct EntryFree {
    void operator()(struct archive_entry* e) const { lazy::archive().entry_free(e); }
};
struct ReadFree {
    void operator()(::archive* a) const { lazy::archive().read_free(a); }
};
struct DirClose {
    void operator()(DIR* d) const { ::closedir(d); }
};

Error archive_failure(::archive* a, const std::string& what) {
    const char* msg = lazy::archive().error_string(a);
    return Error(Errc::InvalidArgument, what + ": " + (msg ? msg : "unknown error"));
}

std::pair<std::string, std::string> split_last(const std::string& rel) {
    auto slash = rel.rfind('/');
    if (slash == std::string::npos) return {"", rel};
    return {rel.substr(0, slash), rel.substr(slash + 1)};
}

std::string joined(const std::string& dir, const std::string& rel) {
    if (rel.empty()) return dir;
    return dir == "/" ? "/" + rel : dir + "/" + rel;
}

// An entry's name as a relative path: docker treats "/a" in a tar as "a".
std::string entry_rel(const char* name) {
    std::string s = name ? name : "";
    s.erase(0, s.find_first_not_of('/'));
    return clean_entry_name(s);
}

struct timespec mtime_of(struct archive_entry* e) {
    return {lazy::archive().entry_mtime(e),
            lazy::archive().entry_mtime_is_set(e) ? lazy::archive().entry_mtime_nsec(e) : 0};
}

// Kernel file systems a running container's root has mounted (/proc, /sys, ...): a copy
// gets the mount point as an empty directory, as docker's copy of the rootfs does.
bool kernel_fs(int fd) {
    constexpr unsigned long kMqueueMagic = 0x19800202;  // not in linux/magic.h
    struct statfs sf {};
    if (::fstatfs(fd, &sf) != 0) return false;
    switch (static_cast<unsigned long>(sf.f_type)) {
        case PROC_SUPER_MAGIC: case SYSFS_MAGIC: case CGROUP_SUPER_MAGIC: case CGROUP2_SUPER_MAGIC:
        case DEVPTS_SUPER_MAGIC: case kMqueueMagic: case SECURITYFS_MAGIC: case DEBUGFS_MAGIC:
        case TRACEFS_MAGIC: case BPF_FS_MAGIC:
            return true;
        default:
            return false;
    }
}

}  // namespace

// ---- TarSink ----

TarSink::TarSink(int fd) : w_(lazy::archive().write_new()) {
    lazy::archive().write_set_format_pax_restricted(w_);
    lazy::archive().write_set_bytes_in_last_block(w_, 1);
    if (lazy::archive().write_open_fd(w_, fd) != ARCHIVE_OK) throw archive_failure(w_, "write tar");
}

TarSink::~TarSink() {
    lazy::archive().write_free(w_);
}

void TarSink::put(struct archive_entry* e, const ContentReader& content) {
    if (lazy::archive().write_header(w_, e) < ARCHIVE_WARN) throw archive_failure(w_, "write tar");
    if (!content) return;
    char buf[1 << 16];
    for (ssize_t n; (n = content(buf, sizeof buf)) > 0;)
        if (lazy::archive().write_data(w_, buf, static_cast<size_t>(n)) < 0)
            throw archive_failure(w_, "write tar");
}

void TarSink::finish() {
    if (lazy::archive().write_close(w_) != ARCHIVE_OK) throw archive_failure(w_, "write tar");
}

// ---- DirSink ----

int DirSink::open_parent(const std::string& rel) {
    const std::string path = joined(o_.dir, rel);
    base::UniqueFd fd = base::open_resolved(o_.root_fd, path, O_PATH | O_DIRECTORY, o_.resolve);
    if (fd || errno != ENOENT) {
        if (!fd) throw sys_error("open " + path);
        return fd.release();
    }
    // Missing parents are made one component at a time, each inside its resolved parent.
    std::string cur = o_.dir;
    size_t i = 0;
    while (i < rel.size()) {
        size_t j = rel.find('/', i);
        if (j == std::string::npos) j = rel.size();
        const std::string comp = rel.substr(i, j - i);
        base::UniqueFd parent =
            base::open_resolved(o_.root_fd, cur, O_PATH | O_DIRECTORY, o_.resolve);
        if (!parent) throw sys_error("open " + cur);
        if (::mkdirat(parent.get(), comp.c_str(), 0755) == 0) {
            // 0755 whatever the umask, as docker creates missing parents.
            (void)::fchmodat(parent.get(), comp.c_str(), 0755, 0);
            (void)::fchownat(parent.get(), comp.c_str(), o_.uid, o_.gid, AT_SYMLINK_NOFOLLOW);
        } else if (errno != EEXIST) {
            throw sys_error("mkdir " + joined(cur, comp));
        }
        cur = joined(cur, comp);
        i = j + 1;
    }
    fd = base::open_resolved(o_.root_fd, path, O_PATH | O_DIRECTORY, o_.resolve);
    if (!fd) throw sys_error("open " + path);
    return fd.release();
}

void DirSink::put(struct archive_entry* e, const ContentReader& content) {
    const std::string rel = entry_rel(lazy::archive().entry_pathname(e));
    const char* hardlink = lazy::archive().entry_hardlink(e);
    const auto type = hardlink ? 0 : lazy::archive().entry_filetype(e);
    if (rel.empty()) {
        if (type == AE_IFDIR) return;  // the destination itself, as docker's "."
        throw Error(Errc::InvalidArgument, "cannot overwrite directory \"" + o_.dir + "\" with non-directory");
    }
    const auto [parent_rel, name] = split_last(rel);
    base::UniqueFd parent(open_parent(parent_rel));
    const std::string shown = joined(o_.dir, rel);
    const int p = parent.get();
    // A running container's /proc and /sys are the kernel's: never written by a copy.
    if (kernel_fs(p)) throw Error(Errc::InvalidArgument, "cannot copy to " + shown + ": a kernel file system");

    struct stat st {};
    const bool exists = ::fstatat(p, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (exists && S_ISDIR(st.st_mode) && type != AE_IFDIR)
        throw Error(Errc::InvalidArgument,
                    "cannot overwrite directory \"" + shown + "\" with non-directory \"" + o_.dir + "\"");
    if (exists && !S_ISDIR(st.st_mode) && type == AE_IFDIR)
        throw Error(Errc::InvalidArgument,
                    "cannot overwrite non-directory \"" + shown + "\" with directory \"" + o_.dir + "\"");
    if (exists && type != AE_IFDIR && ::unlinkat(p, name.c_str(), 0) != 0) throw sys_error("remove " + shown);

    const uid_t uid = o_.keep_owner ? static_cast<uid_t>(lazy::archive().entry_uid(e)) : o_.uid;
    const gid_t gid = o_.keep_owner ? static_cast<gid_t>(lazy::archive().entry_gid(e)) : o_.gid;
    const mode_t perm = lazy::archive().entry_perm(e) & 07777;
    const struct timespec mt = mtime_of(e);
    const struct timespec times[2] = {mt, mt};

    if (hardlink) {
        const std::string target = joined(o_.dir, entry_rel(hardlink));
        base::UniqueFd t = base::open_resolved(o_.root_fd, target, O_PATH | O_NOFOLLOW, o_.resolve);
        if (!t) throw sys_error("link " + shown + " to " + target);
        if (::linkat(t.get(), "", p, name.c_str(), AT_EMPTY_PATH) != 0) throw sys_error("link " + shown);
        return;
    }
    switch (type) {
        case AE_IFDIR: {
            if (!exists && ::mkdirat(p, name.c_str(), 0700) != 0) throw sys_error("mkdir " + shown);
            base::UniqueFd d(::openat(p, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!d) throw sys_error("open " + shown);
            if (::fchown(d.get(), uid, gid) != 0 || ::fchmod(d.get(), perm) != 0) throw sys_error("chown " + shown);
            dir_times_.emplace_back(rel, mt);
            return;
        }
        case AE_IFREG: {
            base::UniqueFd f(::openat(p, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
            if (!f) throw sys_error("create " + shown);
            char buf[1 << 16];
            if (content)
                for (ssize_t n; (n = content(buf, sizeof buf)) > 0;) base::write_all(f.get(), buf, static_cast<size_t>(n));
            // chown before chmod: chown clears the set-id bits.
            if (::fchown(f.get(), uid, gid) != 0 || ::fchmod(f.get(), perm) != 0) throw sys_error("chown " + shown);
            (void)::futimens(f.get(), times);
            return;
        }
        case AE_IFLNK: {
            const char* target = lazy::archive().entry_symlink(e);
            if (::symlinkat(target ? target : "", p, name.c_str()) != 0) throw sys_error("symlink " + shown);
            (void)::fchownat(p, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW);
            (void)::utimensat(p, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
            return;
        }
        case AE_IFCHR:
        case AE_IFBLK:
        case AE_IFIFO: {
            const dev_t dev =
                makedev(lazy::archive().entry_rdevmajor(e), lazy::archive().entry_rdevminor(e));
            if (::mknodat(p, name.c_str(), static_cast<mode_t>(type) | perm, dev) != 0) throw sys_error("mknod " + shown);
            if (::fchownat(p, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0 ||
                ::fchmodat(p, name.c_str(), perm, 0) != 0)
                throw sys_error("chown " + shown);
            (void)::utimensat(p, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
            return;
        }
        default:
            return;  // sockets are not archived
    }
}

void DirSink::finish() {
    for (const auto& [rel, mt] : dir_times_) {
        base::UniqueFd d = base::open_resolved(o_.root_fd, joined(o_.dir, rel),
                                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW, o_.resolve);
        const struct timespec times[2] = {mt, mt};
        if (d) (void)::futimens(d.get(), times);
    }
}

// ---- sources ----

namespace {

uint64_t walk(int fd, const std::string& name, EntrySink& sink) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw sys_error("stat " + name);
    if (S_ISSOCK(st.st_mode)) return 0;  // a tar cannot hold sockets: docker leaves them out
    std::unique_ptr<struct archive_entry, EntryFree> e(lazy::archive().entry_new());
    lazy::archive().entry_copy_stat(e.get(), &st);
    lazy::archive().entry_set_pathname(e.get(), name.c_str());
    if (S_ISLNK(st.st_mode)) {
        std::string target(4096, '\0');
        ssize_t n = ::readlinkat(fd, "", target.data(), target.size());
        if (n < 0) throw sys_error("readlink " + name);
        target.resize(static_cast<size_t>(n));
        lazy::archive().entry_set_symlink(e.get(), target.c_str());
        lazy::archive().entry_set_size(e.get(), 0);
        sink.put(e.get(), nullptr);
        return 0;
    }
    if (S_ISREG(st.st_mode)) {
        // An O_PATH fd is reopened for reading through its /proc link: the same inode,
        // never a path lookup again.
        const std::string proc = "/proc/self/fd/" + std::to_string(fd);
        base::UniqueFd in(::open(proc.c_str(), O_RDONLY | O_CLOEXEC));
        if (!in) throw sys_error("open " + name);
        // A file growing meanwhile must not overrun the size in the header.
        uint64_t left = static_cast<uint64_t>(st.st_size);
        sink.put(e.get(), [&](void* buf, size_t n) -> ssize_t {
            if (left == 0) return 0;
            ssize_t r = ::read(in.get(), buf, std::min<uint64_t>(n, left));
            if (r < 0) throw sys_error("read " + name);
            left -= static_cast<uint64_t>(r);
            return r;
        });
        return static_cast<uint64_t>(st.st_size);
    }
    if (!S_ISDIR(st.st_mode)) {
        lazy::archive().entry_set_size(e.get(), 0);
        sink.put(e.get(), nullptr);
        return 0;
    }
    sink.put(e.get(), nullptr);
    if (kernel_fs(fd)) return 0;
    int dfd = ::openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) throw sys_error("open " + name);
    std::unique_ptr<DIR, DirClose> dir(::fdopendir(dfd));
    if (!dir) {
        ::close(dfd);
        throw sys_error("open " + name);
    }
    std::vector<std::string> children;
    while (struct dirent* d = ::readdir(dir.get())) {
        std::string n = d->d_name;
        if (n != "." && n != "..") children.push_back(std::move(n));
    }
    std::sort(children.begin(), children.end());
    uint64_t bytes = 0;
    for (const auto& c : children) {
        base::UniqueFd child(::openat(::dirfd(dir.get()), c.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!child) {
            if (errno == ENOENT) continue;  // removed while we walked
            throw sys_error("open " + name + "/" + c);
        }
        bytes += walk(child.get(), name + "/" + c, sink);
    }
    return bytes;
}

}  // namespace

uint64_t walk_tree(int fd, const std::string& top_name, EntrySink& sink) {
    uint64_t bytes = walk(fd, top_name, sink);
    sink.finish();
    return bytes;
}

void read_tar(int fd, EntrySink& sink) {
    std::unique_ptr<::archive, ReadFree> a(lazy::archive().read_new());
    lazy::archive().read_support_filter_all(a.get());
    lazy::archive().read_support_format_tar(a.get());
    if (lazy::archive().read_open_fd(a.get(), fd, 1 << 16) != ARCHIVE_OK)
        throw archive_failure(a.get(), "read tar");
    for (;;) {
        struct archive_entry* e = nullptr;
        int r = lazy::archive().read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        if (r < ARCHIVE_WARN) throw archive_failure(a.get(), "read tar");
        sink.put(e, [&](void* buf, size_t n) -> ssize_t {
            la_ssize_t got = lazy::archive().read_data(a.get(), buf, n);
            if (got < 0) throw archive_failure(a.get(), "read tar");
            return static_cast<ssize_t>(got);
        });
    }
    sink.finish();
}

}  // namespace tug::engine::archive
