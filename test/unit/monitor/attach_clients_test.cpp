// The monitor's attach clients over real socket pairs: a client that does not read is
// dropped at its bound without holding up the others; the primary one is held, not dropped.
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "engine/monitor/attach_clients.hpp"

namespace tug::engine::monitor {
namespace {

struct Pair {
    base::UniqueFd monitor_end, client_end;
};

Pair socket_pair() {
    int sv[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    return {base::UniqueFd(sv[0]), base::UniqueFd(sv[1])};
}

// Reads what is there without blocking; returns the byte count.
size_t drain(int fd) {
    size_t total = 0;
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0) total += static_cast<size_t>(n);
    return total;
}

TEST(AttachClientsTest, StuckClientIsDroppedOthersKeepReceiving) {
    AttachClients clients;
    Pair stuck = socket_pair(), reader = socket_pair();
    clients.add(std::move(stuck.monitor_end), false);
    clients.add(std::move(reader.monitor_end), false);
    const std::string chunk(16384, 'x');
    size_t received = 0;
    // Far more than the socket buffer and the backlog bound: no call may block.
    for (int i = 0; i < 200; ++i) {
        clients.broadcast(Frame::Stdout, chunk);
        received += drain(reader.client_end.get());
    }
    received += drain(reader.client_end.get());
    EXPECT_EQ(received, 200 * (chunk.size() + monitor_protocol::kFrameHeader));
    // The stuck client's socket was closed by the monitor: after what it buffered, EOF.
    drain(stuck.client_end.get());
    char c;
    EXPECT_EQ(::recv(stuck.client_end.get(), &c, 1, MSG_DONTWAIT), 0);
    EXPECT_FALSE(clients.empty());
}

TEST(AttachClientsTest, PrimaryClientIsHeldNotDropped) {
    AttachClients clients;
    Pair primary = socket_pair();
    clients.add(std::move(primary.monitor_end), true);
    const std::string chunk(16384, 'y');
    int sent = 0;
    while (!clients.primary_full() && sent < 1000) {
        clients.broadcast(Frame::Stdout, chunk);
        ++sent;
    }
    ASSERT_TRUE(clients.primary_full());
    EXPECT_FALSE(clients.empty());
    // Once it reads, its backlog drains on POLLOUT and the output may flow again.
    std::vector<pollfd> fds;
    size_t received = 0;
    for (int round = 0; round < 1000; ++round) {
        received += drain(primary.client_end.get());
        fds.clear();
        clients.add_pollfds(fds);
        if (!(fds[0].events & POLLOUT)) break;  // its backlog is gone
        ASSERT_EQ(::poll(fds.data(), fds.size(), 1000), 1);
        clients.handle(fds, 0, [](Frame, const std::string&) {});
    }
    received += drain(primary.client_end.get());
    EXPECT_FALSE(clients.primary_full());
    EXPECT_EQ(received, static_cast<size_t>(sent) * (chunk.size() + monitor_protocol::kFrameHeader));
}

TEST(AttachClientsTest, InputFramesReachTheMonitor) {
    AttachClients clients;
    Pair p = socket_pair();
    clients.add(std::move(p.monitor_end), false);
    const std::string frame = monitor_protocol::encode_frame(Frame::Stdin, "hello");
    ASSERT_EQ(::write(p.client_end.get(), frame.data(), frame.size()), static_cast<ssize_t>(frame.size()));
    std::vector<pollfd> fds;
    clients.add_pollfds(fds);
    ASSERT_EQ(::poll(fds.data(), fds.size(), 1000), 1);
    std::string got;
    clients.handle(fds, 0, [&](Frame t, const std::string& payload) {
        EXPECT_EQ(t, Frame::Stdin);
        got = payload;
    });
    EXPECT_EQ(got, "hello");
}

}  // namespace
}  // namespace tug::engine::monitor
