// The monitor's control socket (engine/monitor_protocol/control.hpp): stop, kill,
// resize and detach, and the restart backoff that waits on it instead of polling.
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "engine/base/log.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/monitor/monitor.hpp"
#include "engine/runtime/console.hpp"

namespace tug::engine::monitor {

namespace {

// tug writes its request as soon as it connects: a client that does not is not waited
// for past this, so it cannot hold up the container's output.
constexpr int kRequestWaitMs = 500;

std::optional<std::string> read_request(int fd) {
    std::string line;
    char buf[512];
    while (line.find('\n') == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, kRequestWaitMs) <= 0) return std::nullopt;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return std::nullopt;
        line.append(buf, static_cast<size_t>(n));
        if (line.size() > monitor_protocol::kMaxControlLine) return std::nullopt;
    }
    return line.substr(0, line.find('\n'));
}

int parse_int(const std::string& s, const char* what) {
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') throw Error(Errc::InvalidArgument, std::string("control: bad ") + what + ": " + s);
    return static_cast<int>(v);
}

}  // namespace

void Monitor::signal_container(const std::string& signal, bool all) {
    try {
        container::runtime_for(config_, record_)->kill(id_, signal, all);
    } catch (const Error& e) {
        // Exited meanwhile: the loop reaps it.
        if (e.code() != Errc::FailedPrecondition) throw;
    }
}

void Monitor::handle_control(const monitor_protocol::ControlRequest& req) {
    const auto& a = req.args;
    if (req.verb == "stop") {
        // A stop is the user's: the container is not restarted, and a backoff ends now.
        const int timeout = parse_int(a[1], "timeout");
        if (pid_ > 0) {
            signal_container(a[0], false);  // a bad signal fails the stop, nothing else
            if (timeout >= 0) kill_at_ = Clock::now() + std::chrono::seconds(timeout);
        }
        user_stopped_ = true;
    } else if (req.verb == "kill") {
        if (pid_ <= 0)
            throw Error(Errc::FailedPrecondition, "container " + id_ + " is not running");
        signal_container(a[0], false);
        user_stopped_ = true;  // docker: a killed container is not restarted either
    } else if (req.verb == "resize") {
        if (!tty_ || !out_) return;  // docker ignores a resize without a terminal
        runtime::resize_console(out_.get(), parse_int(a[0], "rows"), parse_int(a[1], "columns"));
    } else if (req.verb == "detach") {
        clients_.broadcast(Frame::Detached, {});
        clients_.flush_and_close(std::chrono::seconds(1));
    }
}

void Monitor::serve_control() {
    base::UniqueFd conn(::accept4(control_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!conn) return;
    const auto line = read_request(conn.get());
    if (!line) return;
    std::optional<Error> failure;
    try {
        handle_control(monitor_protocol::parse_request(*line));
    } catch (const Error& e) {
        failure = e;
    }
    const std::string reply = monitor_protocol::encode_reply(failure);
    // A few bytes into an empty socket buffer: never blocks.
    (void)::send(conn.get(), reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

void Monitor::restart_backoff(int ms) {
    const auto end = Clock::now() + std::chrono::milliseconds(ms);
    while (!user_stopped_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
        if (left.count() <= 0) return;
        pollfd fds[2] = {{sigfd_.get(), POLLIN, 0}, {control_.get(), POLLIN, 0}};
        if (::poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
        if (fds[0].revents & POLLIN) {
            drain_signals();
            int st;
            while (::waitpid(-1, &st, WNOHANG) > 0) {
            }
        }
        if (fds[1].revents & POLLIN) serve_control();
    }
}

}  // namespace tug::engine::monitor
