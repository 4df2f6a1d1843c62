// Directory-fd helpers used by the layer applier and the copying snapshotter.
#include "engine/snapshot/fs_ops.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>
#include <utility>

#include "engine/base/error.hpp"
#include "engine/base/openat2.hpp"
#include "engine/base/xattrs.hpp"

namespace tug::engine::snapshot {

using base::UniqueFd;

std::vector<std::string> split_entry_path(std::string_view name) {
    if (!name.empty() && name.front() == '/')
        throw Error(Errc::InvalidArgument, "absolute path not allowed");
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= name.size()) {
        size_t end = name.find('/', pos);
        if (end == std::string_view::npos) end = name.size();
        std::string_view c = name.substr(pos, end - pos);
        if (c == "..") throw Error(Errc::InvalidArgument, "path component \"..\" not allowed");
        if (!c.empty() && c != ".") out.emplace_back(c);
        pos = end + 1;
    }
    return out;
}

namespace {

std::string join(const std::vector<std::string>& comps, size_t count) {
    std::string s;
    for (size_t i = 0; i < count; ++i) {
        if (i) s += '/';
        s += comps[i];
    }
    return s;
}

[[noreturn]] void reject_component(const std::vector<std::string>& comps, size_t upto, int err) {
    if (err == ELOOP || err == EXDEV)
        throw Error(Errc::InvalidArgument, "parent path \"" + join(comps, upto) + "\" goes through a symlink");
    if (err == ENOTDIR) throw Error(Errc::InvalidArgument, "parent path \"" + join(comps, upto) + "\" is not a directory");
    throw sys_error("open directory " + join(comps, upto), err);
}

// Which component made a walk fail: the first symlink or non-directory, for a message
// that says what is wrong.
[[noreturn]] void explain_failure(int root_fd, const std::vector<std::string>& comps, size_t count, int err) {
    for (size_t i = 1; i <= count; ++i) {
        struct stat st {};
        const std::string p = join(comps, i);
        if (::fstatat(root_fd, p.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) break;
        if (S_ISLNK(st.st_mode)) reject_component(comps, i, ELOOP);
        if (!S_ISDIR(st.st_mode)) reject_component(comps, i, ENOTDIR);
    }
    reject_component(comps, count, err);
}

}  // namespace

UniqueFd open_dir_beneath(int root_fd, const std::vector<std::string>& comps, size_t count,
                          bool create) {
    constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW;
    if (count == 0) {
        int fd = ::openat(root_fd, ".", kFlags);
        if (fd < 0) throw sys_error("open snapshot root");
        return UniqueFd(fd);
    }
    // Fast path: one kernel walk that refuses symlinks and escapes outright.
    const std::string whole = join(comps, count);
    UniqueFd fd = base::open_resolved(
        root_fd, whole, kFlags, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
    if (fd) return fd;
    int err = errno;
    if (err != ENOENT && err != ENOSYS && err != EAGAIN) explain_failure(root_fd, comps, count, err);
    // Slow path: component by component, each opened O_NOFOLLOW relative to the last,
    // creating what is missing. Components are clean (no "..", no "/"), so no escape.
    UniqueFd cur(::openat(root_fd, ".", kFlags));
    if (!cur) throw sys_error("open snapshot root");
    for (size_t i = 0; i < count; ++i) {
        int next = ::openat(cur.get(), comps[i].c_str(), kFlags);
        if (next < 0 && errno == ENOENT && create) {
            // A parent the layer does not list gets 0755 as docker gives it: set by chmod,
            // since mkdir's mode is masked by whatever umask this process has.
            const bool made = ::mkdirat(cur.get(), comps[i].c_str(), 0755) == 0;
            if (!made && errno != EEXIST) throw sys_error("create directory " + join(comps, i + 1));
            if (made && ::fchmodat(cur.get(), comps[i].c_str(), 0755, 0) != 0)
                throw sys_error("chmod directory " + join(comps, i + 1));
            next = ::openat(cur.get(), comps[i].c_str(), kFlags);
        }
        if (next < 0) explain_failure(root_fd, comps, i + 1, errno);
        cur.reset(next);
    }
    return cur;
}

void remove_at(int dirfd, const std::string& name) {
    if (::unlinkat(dirfd, name.c_str(), 0) == 0 || errno == ENOENT) return;
    if (errno != EISDIR && errno != EPERM) throw sys_error("remove " + name);
    int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return;
        throw sys_error("open " + name);
    }
    DIR* d = ::fdopendir(fd);
    if (!d) {
        ::close(fd);
        throw sys_error("read directory " + name);
    }
    std::vector<std::string> children;
    while (dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (n != "." && n != "..") children.emplace_back(n);
    }
    try {
        for (const auto& c : children) remove_at(::dirfd(d), c);
    } catch (...) {
        ::closedir(d);
        throw;
    }
    ::closedir(d);
    if (::unlinkat(dirfd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
        throw sys_error("remove directory " + name);
}

void remove_tree(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const std::string parent = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return;
        throw sys_error("open " + parent);
    }
    UniqueFd pfd(fd);
    with_context("remove " + path, [&] { remove_at(pfd.get(), name); });
}

namespace {

void copy_attrs(const std::string& dst, const struct stat& st) {
    const bool root = ::geteuid() == 0;
    if (root && ::lchown(dst.c_str(), st.st_uid, st.st_gid) != 0) throw sys_error("chown " + dst);
    if (!S_ISLNK(st.st_mode) && ::chmod(dst.c_str(), st.st_mode & 07777) != 0)
        throw sys_error("chmod " + dst);
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
    if (::utimensat(AT_FDCWD, dst.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
        throw sys_error("set times of " + dst);
}

void copy_file_data(const std::string& src, const std::string& dst, const struct stat& st) {
    UniqueFd in = base::open_fd(src.c_str(), O_RDONLY | O_NOFOLLOW);
    UniqueFd out = base::open_fd(dst.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    off_t left = st.st_size;
    while (left > 0) {
        ssize_t n = ::copy_file_range(in.get(), nullptr, out.get(), nullptr, static_cast<size_t>(left), 0);
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL)) {
            char buf[1 << 16];
            n = ::read(in.get(), buf, sizeof buf);
            if (n > 0) base::write_all(out.get(), buf, static_cast<size_t>(n));
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("copy " + src);
        }
        if (n == 0) break;
        left -= n;
    }
}

struct Copier {
    std::map<std::pair<dev_t, ino_t>, std::string> links;  // first copy of each hardlinked inode

    void copy_dir(const std::string& src, const std::string& dst) {
        DIR* d = ::opendir(src.c_str());
        if (!d) throw sys_error("open directory " + src);
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            std::string_view n = e->d_name;
            if (n != "." && n != "..") names.emplace_back(n);
        }
        ::closedir(d);
        for (const auto& n : names) copy_entry(src + "/" + n, dst + "/" + n);
    }

    void copy_entry(const std::string& src, const std::string& dst) {
        struct stat st {};
        if (::lstat(src.c_str(), &st) != 0) throw sys_error("stat " + src);
        if (S_ISDIR(st.st_mode)) {
            if (::mkdir(dst.c_str(), 0700) != 0 && errno != EEXIST) throw sys_error("create directory " + dst);
            copy_dir(src, dst);
        } else if (S_ISREG(st.st_mode)) {
            if (st.st_nlink > 1) {
                auto [it, inserted] = links.try_emplace({st.st_dev, st.st_ino}, dst);
                if (!inserted) {
                    if (::link(it->second.c_str(), dst.c_str()) != 0) throw sys_error("link " + dst);
                    return;
                }
            }
            copy_file_data(src, dst, st);
        } else if (S_ISLNK(st.st_mode)) {
            std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
            ssize_t n = ::readlink(src.c_str(), target.data(), target.size());
            if (n < 0) throw sys_error("read link " + src);
            target.resize(static_cast<size_t>(n));
            if (::symlink(target.c_str(), dst.c_str()) != 0) throw sys_error("create symlink " + dst);
        } else {
            if (::mknod(dst.c_str(), st.st_mode, st.st_rdev) != 0) throw sys_error("create node " + dst);
        }
        base::copy_xattrs(src, dst);
        copy_attrs(dst, st);
    }
};

}  // namespace

void copy_tree(const std::string& src, const std::string& dst) {
    struct stat st {};
    if (::lstat(src.c_str(), &st) != 0) throw sys_error("stat " + src);
    Copier c;
    c.copy_dir(src, dst);
    base::copy_xattrs(src, dst);
    copy_attrs(dst, st);
}

uint64_t tree_size(const std::string& path) {
    uint64_t total = 0;
    std::set<std::pair<dev_t, ino_t>> seen;
    std::vector<std::string> stack{path};
    while (!stack.empty()) {
        std::string dir = std::move(stack.back());
        stack.pop_back();
        DIR* d = ::opendir(dir.c_str());
        if (!d) continue;
        while (dirent* e = ::readdir(d)) {
            std::string_view n = e->d_name;
            if (n == "." || n == "..") continue;
            std::string p = dir + "/" + std::string(n);
            struct stat st {};
            if (::lstat(p.c_str(), &st) != 0) continue;
            if (S_ISDIR(st.st_mode)) {
                stack.push_back(std::move(p));
            } else if (S_ISREG(st.st_mode)) {
                if (st.st_nlink > 1 && !seen.insert({st.st_dev, st.st_ino}).second) continue;
                total += static_cast<uint64_t>(st.st_size);
            }
        }
        ::closedir(d);
    }
    return total;
}

bool mark_top_directory(const std::string& dir) {
    base::UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return false;
    int flags = 0;  // the kernel reads and writes an int, whatever the ioctl's type says
    if (::ioctl(fd.get(), FS_IOC_GETFLAGS, &flags) != 0) return false;  // not ext*, no flags
    if (flags & FS_TOPDIR_FL) return true;
    flags |= FS_TOPDIR_FL;
    return ::ioctl(fd.get(), FS_IOC_SETFLAGS, &flags) == 0;
}

}  // namespace tug::engine::snapshot
