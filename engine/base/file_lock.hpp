// FileLock: an flock(2) on a lock file, released on destruction. Lock order is fixed:
// store before container, so two processes never wait on each other in a cycle.
#pragma once

#include <string>

#include "engine/base/unique_fd.hpp"

namespace tug::base {

class FileLock {
public:
    enum class Mode { Shared, Exclusive };

    FileLock() = default;
    // Creates the lock file if needed and blocks until the lock is held.
    static FileLock acquire(const std::string& path, Mode mode = Mode::Exclusive);
    // Returns an unheld FileLock when another process holds a conflicting lock.
    static FileLock try_acquire(const std::string& path, Mode mode = Mode::Exclusive);

    bool held() const noexcept { return fd_.valid(); }
    void release() noexcept { fd_.reset(); }

private:
    explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

}  // namespace tug::base
