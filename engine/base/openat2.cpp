// openat2(2), and reading a file inside a rootfs with it.
#include "engine/base/openat2.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "engine/base/error.hpp"

namespace tug::base {

UniqueFd open_resolved(int dirfd, const std::string& path, int flags, uint64_t resolve,
                       unsigned mode) noexcept {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    // The kernel rejects a mode without O_CREAT or O_TMPFILE.
    how.mode = (flags & (O_CREAT | O_TMPFILE)) != 0 ? mode : 0;
    how.resolve = resolve;
    for (int attempt = 0;; ++attempt) {
        long fd = ::syscall(SYS_openat2, dirfd, path.c_str(), &how, sizeof how);
        if (fd >= 0) return UniqueFd(static_cast<int>(fd));
        if (errno != EAGAIN || attempt == 64) return UniqueFd();
    }
}

std::string fd_path(int fd) {
    char buf[PATH_MAX];
    const ssize_t n =
        ::readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), buf, sizeof buf - 1);
    if (n < 0) throw sys_error("readlink");
    return std::string(buf, static_cast<size_t>(n));
}

std::optional<std::string> read_file_in_root(const std::string& rootfs, const std::string& path) {
    UniqueFd root = open_fd(rootfs.c_str(), O_PATH | O_DIRECTORY);
    UniqueFd fd = open_resolved(root.get(), path, O_RDONLY, kResolveInRoot);
    if (!fd) {
        if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
        throw sys_error("open " + path + " in container rootfs");
    }
    return read_all(fd.get());
}

}  // namespace tug::base
