// File descriptor ownership and the small read/write helpers built on it.
#include "engine/base/unique_fd.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "engine/base/error.hpp"

namespace tug::base {

void UniqueFd::reset(int fd) noexcept {
    if (fd_ >= 0 && fd_ != fd) ::close(fd_);
    fd_ = fd;
}

UniqueFd open_fd(const char* path, int flags, unsigned mode) {
    return open_fd_at(AT_FDCWD, path, flags, mode);
}

UniqueFd open_fd_at(int dirfd, const char* path, int flags, unsigned mode) {
    int fd;
    do {
        fd = ::openat(dirfd, path, flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw sys_error(std::string("open ") + path);
    return UniqueFd(fd);
}

Pipe make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw sys_error("pipe");
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void write_all(int fd, const void* buf, size_t len) {
    auto p = static_cast<const char*>(buf);
    while (len > 0) {
        ssize_t n = ::write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("write");
        }
        p += n;
        len -= static_cast<size_t>(n);
    }
}

std::string read_all(int fd) {
    std::string out;
    char buf[16384];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("read");
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

}  // namespace tug::base
