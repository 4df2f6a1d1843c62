// Named-volume copy-up: an empty volume takes the image's content at its mount path,
// with ownership, modes, times and xattrs, as docker's copyExistingContents does.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <string>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/base/openat2.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/base/xattrs.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine::volume {

namespace {

using base::UniqueFd;

std::string fd_path(int dirfd, const std::string& name) {
    return "/proc/self/fd/" + std::to_string(dirfd) + "/" + name;
}

// The image path resolved inside the rootfs: symlinks cannot lead out of it.
UniqueFd open_in_root(const std::string& root, const std::string& path, int& err) {
    UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd.valid()) throw sys_error("open " + root);
    UniqueFd fd =
        base::open_resolved(root_fd.get(), path, O_RDONLY | O_DIRECTORY, base::kResolveInRoot);
    err = fd ? 0 : errno;
    return fd;
}

std::vector<std::string> entries_of(int dirfd) {
    std::vector<std::string> names;
    int dup_fd = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    if (dup_fd < 0) throw sys_error("dup");
    DIR* d = ::fdopendir(dup_fd);
    if (!d) {
        ::close(dup_fd);
        throw sys_error("fdopendir");
    }
    ::rewinddir(d);
    while (auto* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(d);
    return names;
}

void copy_data(int src, int dst, const std::string& what) {
    while (true) {
        ssize_t n = ::copy_file_range(src, nullptr, dst, nullptr, 1 << 30, 0);
        if (n == 0) return;
        if (n > 0) continue;
        if (errno == EINTR) continue;
        if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
            throw sys_error("copy " + what);
        break;
    }
    char buf[1 << 16];
    while (true) {
        ssize_t n = ::read(src, buf, sizeof buf);
        if (n == 0) return;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("read " + what);
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = ::write(dst, buf + off, static_cast<size_t>(n - off));
            if (w < 0) {
                if (errno == EINTR) continue;
                throw sys_error("write " + what);
            }
            off += w;
        }
    }
}

// Owner, mode (after chown, which clears set-id bits), xattrs, times.
void apply_metadata(int src_dir, int dst_dir, const std::string& name, const struct stat& st) {
    const std::string dst = fd_path(dst_dir, name);
    if (::fchownat(dst_dir, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
        throw sys_error("chown " + name);
    if (!S_ISLNK(st.st_mode) && ::fchmodat(dst_dir, name.c_str(), st.st_mode & 07777, 0) != 0)
        throw sys_error("chmod " + name);
    base::copy_xattrs(fd_path(src_dir, name), dst);
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
    ::utimensat(dst_dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

struct Copier {
    int dst_root;
    // First copy of each multiply-linked inode, as a path relative to dst_root.
    std::map<std::pair<dev_t, ino_t>, std::string> links;

    void copy_dir(int src_dir, int dst_dir, const std::string& rel) {
        for (const auto& name : entries_of(src_dir)) {
            struct stat st {};
            if (::fstatat(src_dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
                throw sys_error("stat " + rel + name);
            const std::string path = rel + name;
            if (S_ISDIR(st.st_mode)) {
                if (::mkdirat(dst_dir, name.c_str(), 0700) != 0 && errno != EEXIST)
                    throw sys_error("mkdir " + path);
                UniqueFd s(::openat(src_dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                UniqueFd d(::openat(dst_dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                if (!s.valid() || !d.valid()) throw sys_error("open " + path);
                copy_dir(s.get(), d.get(), path + "/");
                apply_metadata(src_dir, dst_dir, name, st);
                continue;
            }
            if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
                auto [it, first] = links.emplace(std::make_pair(st.st_dev, st.st_ino), path);
                if (!first) {
                    if (::linkat(dst_root, it->second.c_str(), dst_dir, name.c_str(), 0) != 0)
                        throw sys_error("link " + path);
                    continue;
                }
            }
            if (S_ISREG(st.st_mode)) {
                UniqueFd s(::openat(src_dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
                UniqueFd d(::openat(dst_dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
                if (!s.valid() || !d.valid()) throw sys_error("open " + path);
                copy_data(s.get(), d.get(), path);
            } else if (S_ISLNK(st.st_mode)) {
                std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
                ssize_t n = ::readlinkat(src_dir, name.c_str(), target.data(), target.size());
                if (n < 0) throw sys_error("readlink " + path);
                target.resize(static_cast<size_t>(n));
                if (::symlinkat(target.c_str(), dst_dir, name.c_str()) != 0) throw sys_error("symlink " + path);
            } else {
                if (::mknodat(dst_dir, name.c_str(), st.st_mode, st.st_rdev) != 0)
                    throw sys_error("mknod " + path);
            }
            apply_metadata(src_dir, dst_dir, name, st);
        }
    }
};

}  // namespace

void copy_up(const std::string& image_rootfs, const std::string& path_in_image,
             const std::string& volume_dir) {
    with_context("copy " + path_in_image + " from the image into the volume", [&] {
        UniqueFd dst(::open(volume_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!dst.valid()) throw sys_error("open " + volume_dir);
        if (!entries_of(dst.get()).empty()) return;
        int err = 0;
        UniqueFd src = open_in_root(image_rootfs, path_in_image, err);
        if (!src.valid()) {
            if (err == ENOENT || err == ENOTDIR) return;
            throw sys_error("open " + path_in_image + " in " + image_rootfs, err);
        }
        Copier c{dst.get(), {}};
        c.copy_dir(src.get(), dst.get(), "");
        struct stat st {};
        if (::fstat(src.get(), &st) != 0) throw sys_error("stat " + path_in_image);
        if (::fchown(dst.get(), st.st_uid, st.st_gid) != 0) throw sys_error("chown " + volume_dir);
        if (::fchmod(dst.get(), st.st_mode & 07777) != 0) throw sys_error("chmod " + volume_dir);
    });
}

}  // namespace tug::engine::volume
