// flock-based inter-process locks.
#include "engine/base/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "engine/base/error.hpp"

namespace tug::base {

namespace {
int lock_op(FileLock::Mode mode) { return mode == FileLock::Mode::Shared ? LOCK_SH : LOCK_EX; }
}  // namespace

FileLock FileLock::acquire(const std::string& path, Mode mode) {
    UniqueFd fd = open_fd(path.c_str(), O_RDWR | O_CREAT, 0600);
    while (::flock(fd.get(), lock_op(mode)) != 0) {
        if (errno != EINTR) throw sys_error("lock " + path);
    }
    return FileLock(std::move(fd));
}

FileLock FileLock::try_acquire(const std::string& path, Mode mode) {
    UniqueFd fd = open_fd(path.c_str(), O_RDWR | O_CREAT, 0600);
    while (::flock(fd.get(), lock_op(mode) | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) return FileLock();
        if (errno != EINTR) throw sys_error("lock " + path);
    }
    return FileLock(std::move(fd));
}

}  // namespace tug::base
