// Non-blocking fan-out of the container's output to attached clients, with bounded backlogs.
#include "engine/monitor/attach_clients.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "engine/base/error.hpp"

namespace tug::engine::monitor {

void AttachClients::add(base::UniqueFd fd, bool primary) {
    const int flags = ::fcntl(fd.get(), F_GETFL);
    ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK);
    clients_.push_back(Client{std::move(fd), {}, {}, primary});
}

bool AttachClients::send_backlog(Client& c) {
    size_t off = 0;
    while (off < c.backlog.size()) {
        const ssize_t n = ::send(c.fd.get(), c.backlog.data() + off, c.backlog.size() - off,
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            off += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        return false;
    }
    c.backlog.erase(0, off);
    // A backlog that drained gives its memory back: an idle monitor stays small.
    if (c.backlog.empty()) std::string().swap(c.backlog);
    return true;
}

[[gnu::hot]] void AttachClients::broadcast(Frame type, std::string_view payload) {
    if (clients_.empty()) return;
    const std::string frame = monitor_protocol::encode_frame(type, payload);
    for (auto& c : clients_) {
        if (!c.fd) continue;
        // Past its bound, a lagging client is dropped, never waited for. The primary
        // client's bound is enforced by the caller reading no more output meanwhile.
        if (!c.primary && c.backlog.size() + frame.size() > kMaxBacklog) {
            c.fd.reset();
            continue;
        }
        c.backlog += frame;
        if (!send_backlog(c)) c.fd.reset();
    }
    drop_closed();
}

bool AttachClients::primary_full() const {
    return std::any_of(clients_.begin(), clients_.end(),
                       [](const Client& c) { return c.primary && c.backlog.size() >= kMaxBacklog; });
}

[[gnu::hot]] void AttachClients::add_pollfds(std::vector<pollfd>& fds) const {
    for (const auto& c : clients_)
        fds.push_back({c.fd.get(), static_cast<short>(POLLIN | (c.backlog.empty() ? 0 : POLLOUT)), 0});
}

void AttachClients::handle(const std::vector<pollfd>& fds, size_t first,
                           const std::function<void(Frame, const std::string&)>& on_frame) {
    // Clients may have been dropped (by a broadcast) since add_pollfds: match by fd.
    for (size_t i = first; i < fds.size(); ++i) {
        const short ev = fds[i].revents;
        if (!ev) continue;
        auto it = std::find_if(clients_.begin(), clients_.end(),
                               [&](const Client& k) { return k.fd && k.fd.get() == fds[i].fd; });
        if (it == clients_.end()) continue;
        Client& c = *it;
        if ((ev & POLLOUT) && !send_backlog(c)) {
            c.fd.reset();
            continue;
        }
        if (!(ev & (POLLIN | POLLHUP | POLLERR))) continue;
        char buf[32768];
        const ssize_t n = ::read(c.fd.get(), buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) {
            c.fd.reset();
            continue;
        }
        c.reader.feed(buf, static_cast<size_t>(n));
        try {
            while (auto f = c.reader.next()) on_frame(f->first, f->second);
        } catch (const Error&) {
            c.fd.reset();  // an oversized frame: not a tug client
        }
    }
    drop_closed();
}

void AttachClients::flush_and_close(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::vector<pollfd> fds;
        for (const auto& c : clients_)
            if (c.fd && !c.backlog.empty()) fds.push_back({c.fd.get(), POLLOUT, 0});
        if (fds.empty()) break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) break;
        for (auto& c : clients_)
            if (c.fd && !c.backlog.empty() && !send_backlog(c)) c.fd.reset();
    }
    clients_.clear();
}

void AttachClients::drop_closed() {
    std::erase_if(clients_, [](const Client& c) { return !c.fd; });
}

}  // namespace tug::engine::monitor
