// The clients attached to a monitor (run, attach, wait). Their sockets are non-blocking
// and each has a bounded backlog of output it has not taken yet: a stuck or slow client
// is dropped, and never stalls the container's output, its log or the other clients.
// The one exception is the primary client, the foreground `run`/`start -a` the monitor
// waited for: the container's output is that command's stdout, so, like a pipe, a full
// backlog there holds the container's output back (primary_full) instead of losing it.
#pragma once

#include <poll.h>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/unique_fd.hpp"
#include "engine/monitor_protocol/attach_frames.hpp"

namespace tug::engine::monitor {

using monitor_protocol::Frame;

class AttachClients {
public:
    // Output a client may leave unread before it is dropped (or, primary, holds the
    // container's output back). Allocated only while a client lags.
    static constexpr size_t kMaxBacklog = 256 * 1024;

    // Takes a freshly accepted socket (made non-blocking here).
    void add(base::UniqueFd fd, bool primary);
    bool empty() const { return clients_.empty(); }

    // Queues one frame for every client and sends what each socket takes now.
    void broadcast(Frame type, std::string_view payload);
    // Whether the primary client's backlog is full: stop reading the container's output.
    bool primary_full() const;

    // Appends one pollfd per client (POLLIN; POLLOUT while it has a backlog).
    void add_pollfds(std::vector<pollfd>& fds) const;
    // Handles the revents of the pollfds add_pollfds appended from index first (clients
    // dropped since are skipped; on_frame must not add or drop clients): sends
    // backlogs, reads input frames (passed to on_frame), drops clients that are gone or
    // send garbage.
    void handle(const std::vector<pollfd>& fds, size_t first,
                const std::function<void(Frame, const std::string&)>& on_frame);

    // Sends what is queued for at most timeout, then closes every client.
    void flush_and_close(std::chrono::milliseconds timeout);

private:
    struct Client {
        base::UniqueFd fd;
        monitor_protocol::FrameReader reader;
        std::string backlog;
        bool primary = false;
    };
    // Sends as much of c's backlog as the socket takes; false when the client is gone.
    static bool send_backlog(Client& c);
    void drop_closed();

    std::vector<Client> clients_;
};

}  // namespace tug::engine::monitor
