// UniqueFd: sole owner of a file descriptor; closes it once, on destruction or reset.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

namespace tug::base {

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const noexcept { return fd_; }
    bool valid() const noexcept { return fd_ >= 0; }
    explicit operator bool() const noexcept { return valid(); }

    int release() noexcept { return std::exchange(fd_, -1); }
    void reset(int fd = -1) noexcept;

private:
    int fd_ = -1;
};

// open(2) with O_CLOEXEC always added; throws tug::Error naming the path.
UniqueFd open_fd(const char* path, int flags, unsigned mode = 0);
UniqueFd open_fd_at(int dirfd, const char* path, int flags, unsigned mode = 0);

// A pipe pair, both ends O_CLOEXEC.
struct Pipe {
    UniqueFd read;
    UniqueFd write;
};
Pipe make_pipe();

// Writes all of buf, retrying on EINTR and short writes. Throws on error.
void write_all(int fd, const void* buf, size_t len);
// Reads until EOF. Throws on error.
std::string read_all(int fd);

}  // namespace tug::base
