// Unix socket setup by path, long paths included.
#include "engine/base/unix_socket.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "engine/base/error.hpp"

namespace tug::base {

namespace {

// Fills addr with path, or with a /proc/self/fd path through dirfd when path is too
// long. dirfd keeps the directory open for as long as the address is used.
socklen_t make_addr(const std::string& path, sockaddr_un& addr, UniqueFd& dirfd) {
    std::memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    std::string p = path;
    if (p.size() >= sizeof addr.sun_path) {
        auto slash = path.rfind('/');
        std::string dir = slash == 0 ? "/" : path.substr(0, slash);
        dirfd = open_fd(dir.c_str(), O_PATH | O_DIRECTORY);
        p = "/proc/self/fd/" + std::to_string(dirfd.get()) + path.substr(slash);
        if (p.size() >= sizeof addr.sun_path)
            throw Error(Errc::InvalidArgument, "socket path too long: " + path);
    }
    std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
    return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + p.size() + 1);
}

}  // namespace

UniqueFd listen_unix(const std::string& path, int backlog) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) throw sys_error("socket");
    sockaddr_un addr;
    UniqueFd dirfd;
    socklen_t len = make_addr(path, addr, dirfd);
    ::unlink(path.c_str());
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0)
        throw sys_error("bind " + path);
    if (::listen(fd.get(), backlog) != 0) throw sys_error("listen " + path);
    return fd;
}

UniqueFd connect_unix(const std::string& path) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) throw sys_error("socket");
    sockaddr_un addr;
    UniqueFd dirfd;
    socklen_t len = make_addr(path, addr, dirfd);
    while (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0) {
        if (errno == EINTR) continue;
        throw sys_error("connect " + path);
    }
    return fd;
}

}  // namespace tug::base
