// Receiving the pty master from runc and resizing it.
#include "engine/runtime/console.hpp"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>

#include <cstring>

#include "engine/base/error.hpp"

namespace tug::engine::runtime {

std::string console_socket_path(const std::string& state_dir, const std::string& id) {
    return state_dir + "/c-" + id.substr(0, 16) + ".sock";
}

base::UniqueFd receive_console(int listener) {
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0)
        throw Error(Errc::Internal, "runtime did not send the console");
    base::UniqueFd conn(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
    if (!conn) throw sys_error("accept console");
    char data[256];
    iovec iov{data, sizeof data};
    alignas(cmsghdr) char ctrl[CMSG_SPACE(sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = ctrl;
    msg.msg_controllen = sizeof ctrl;
    if (::recvmsg(conn.get(), &msg, MSG_CMSG_CLOEXEC) < 0) throw sys_error("receive console");
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
            return base::UniqueFd(fd);
        }
    }
    throw Error(Errc::Internal, "runtime sent no console file descriptor");
}

void resize_console(int master, int rows, int cols) {
    if (rows <= 0 || cols <= 0) return;
    winsize ws{};
    ws.ws_row = static_cast<unsigned short>(rows);
    ws.ws_col = static_cast<unsigned short>(cols);
    ::ioctl(master, TIOCSWINSZ, &ws);
}

}  // namespace tug::engine::runtime
