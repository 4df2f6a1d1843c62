// Frame encoding/decoding and unix socket setup for the attach socket.
#include "engine/monitor/attach_protocol.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "engine/base/error.hpp"

namespace tug::engine::monitor {

std::string encode_frame(Frame type, std::string_view payload) {
    std::string out;
    out.reserve(kFrameHeader + payload.size());
    out += static_cast<char>(type);
    const uint32_t n = static_cast<uint32_t>(payload.size());
    out += static_cast<char>((n >> 24) & 0xff);
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
    out.append(payload);
    return out;
}

std::optional<std::pair<Frame, std::string>> FrameReader::next() {
    if (buf_.size() < kFrameHeader) return std::nullopt;
    const auto* b = reinterpret_cast<const unsigned char*>(buf_.data());
    const uint32_t n = (uint32_t(b[1]) << 24) | (uint32_t(b[2]) << 16) | (uint32_t(b[3]) << 8) | b[4];
    if (n > kMaxFramePayload) throw Error(Errc::Internal, "attach: oversized frame");
    if (buf_.size() < kFrameHeader + n) return std::nullopt;
    auto type = static_cast<Frame>(b[0]);
    std::string payload = buf_.substr(kFrameHeader, n);
    buf_.erase(0, kFrameHeader + n);
    return std::make_pair(type, std::move(payload));
}

namespace {

// Fills addr with path, or with a /proc/self/fd path through dirfd when path is too
// long. dirfd keeps the directory open for as long as the address is used.
socklen_t make_addr(const std::string& path, sockaddr_un& addr, base::UniqueFd& dirfd) {
    std::memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    std::string p = path;
    if (p.size() >= sizeof addr.sun_path) {
        auto slash = path.rfind('/');
        std::string dir = slash == 0 ? "/" : path.substr(0, slash);
        dirfd = base::open_fd(dir.c_str(), O_PATH | O_DIRECTORY);
        p = "/proc/self/fd/" + std::to_string(dirfd.get()) + path.substr(slash);
        if (p.size() >= sizeof addr.sun_path)
            throw Error(Errc::InvalidArgument, "socket path too long: " + path);
    }
    std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
    return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + p.size() + 1);
}

}  // namespace

base::UniqueFd listen_unix(const std::string& path, int backlog) {
    base::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) throw sys_error("socket");
    sockaddr_un addr;
    base::UniqueFd dirfd;
    socklen_t len = make_addr(path, addr, dirfd);
    ::unlink(path.c_str());
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0)
        throw sys_error("bind " + path);
    if (::listen(fd.get(), backlog) != 0) throw sys_error("listen " + path);
    return fd;
}

base::UniqueFd connect_unix(const std::string& path) {
    base::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) throw sys_error("socket");
    sockaddr_un addr;
    base::UniqueFd dirfd;
    socklen_t len = make_addr(path, addr, dirfd);
    while (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0) {
        if (errno == EINTR) continue;
        throw sys_error("connect " + path);
    }
    return fd;
}

}  // namespace tug::engine::monitor
