// container_attach and container_wait: clients of the monitor's attach socket.
#include <poll.h>
#include <unistd.h>

#include <thread>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/detach_keys.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"
#include "engine/base/unix_socket.hpp"
#include "engine/monitor_protocol/attach_frames.hpp"
#include "engine/monitor_protocol/control.hpp"

namespace tug::engine {

using monitor_protocol::Frame;

namespace {

void send_frame(int fd, Frame type, std::string_view payload) {
    std::string f = monitor_protocol::encode_frame(type, payload);
    base::write_all(fd, f.data(), f.size());
}

// The exit code the record holds once the monitor is gone; nullopt when the record
// was removed (--rm).
// The exit code the record holds once the monitor is gone. A record that still says the
// container runs lost its monitor: it is reconciled first (reconcile_lost), 255.
std::optional<int> recorded_exit(const EngineConfig& config, container::Store& store, const std::string& id) {
    auto rec = store.find(id);
    if (!rec) return std::nullopt;
    if (rec->state.running() && !container::monitor_alive(config, id)) {
        if (!container::reconcile_lost(config, store, id)) return 255;  // --rm: removed with it
        rec = store.find(id);
        if (!rec) return 255;
    }
    return rec->state.exit_code;
}

// A window size goes to the container's monitor as a control request; a monitor from
// before the control socket takes it as an attach frame.
void send_resize(const container::Paths& paths, int sock, int rows, int cols) {
    try {
        monitor_protocol::send_control(monitor_protocol::control_socket_path(paths.state),
                                       {"resize", {std::to_string(rows), std::to_string(cols)}});
        return;
    } catch (const Error& e) {
        if (e.code() != Errc::Unavailable && e.code() != Errc::NotImplemented) throw;
    }
    send_frame(sock, Frame::Resize, std::to_string(rows) + " " + std::to_string(cols));
}

}  // namespace

ContainerAttachReport container_attach(const EngineConfig& config, const ContainerAttachOptions& opts,
                                       const AttachSink& sink) {
    container::Store store(config);
    const std::string id = store.resolve(opts.container);
    auto paths = container::paths_for(config, id);
    ContainerAttachReport report;
    container::DetachKeyFilter keys(container::parse_detach_keys(
        opts.detach_keys.empty() ? container::kDefaultDetachKeys : opts.detach_keys));
    base::UniqueFd sock;
    try {
        sock = base::connect_unix(paths.attach_socket);
    } catch (const Error&) {
        if (container::monitor_alive(config, id)) throw;
        throw Error(Errc::FailedPrecondition, "You cannot attach to a stopped container, start it first");
    }
    if (opts.tty && opts.window_size) {
        auto [rows, cols] = opts.window_size();
        send_resize(paths, sock.get(), rows, cols);
    }
    bool stdin_open = opts.stdin;
    monitor_protocol::FrameReader reader;
    const bool polling = opts.pending_signal || opts.resize_pending;
    for (;;) {
        pollfd fds[2] = {{sock.get(), POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
        int r = ::poll(fds, 2, polling ? 100 : -1);
        if (r < 0 && errno != EINTR) throw sys_error("poll");
        if (opts.pending_signal) {
            if (int sig = opts.pending_signal(); sig > 0)
                send_frame(sock.get(), Frame::Signal, std::to_string(sig));
        }
        if (opts.resize_pending && opts.window_size && opts.resize_pending()) {
            auto [rows, cols] = opts.window_size();
            send_resize(paths, sock.get(), rows, cols);
        }
        if (r <= 0) continue;
        if (fds[1].revents) {
            char buf[32768];
            ssize_t n = ::read(0, buf, sizeof buf);
            if (n > 0) {
                const std::string pass = keys.feed(std::string_view(buf, static_cast<size_t>(n)));
                if (!pass.empty()) send_frame(sock.get(), Frame::Stdin, pass);
                if (keys.detached()) {
                    // Closing the socket leaves the container running, its stdin open.
                    report.detached = true;
                    return report;
                }
            } else if (n == 0 || errno != EINTR) {
                stdin_open = false;
                send_frame(sock.get(), Frame::StdinClose, {});
            }
        }
        if (fds[0].revents) {
            char buf[65536];
            ssize_t n = ::read(sock.get(), buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            reader.feed(buf, static_cast<size_t>(n));
            while (auto f = reader.next()) {
                if (f->first == Frame::Stdout && sink.out) sink.out(f->second);
                else if (f->first == Frame::Stderr && sink.err) sink.err(f->second);
                else if (f->first == Frame::Detached) {
                    report.detached = true;  // the monitor let go of its clients
                    return report;
                } else if (f->first == Frame::Exit) {
                    report.exited = true;
                    report.exit_code = std::atoi(f->second.c_str());
                    return report;
                }
            }
        }
    }
    // The monitor went away without an exit frame: what the record says.
    if (auto code = recorded_exit(config, store, id)) {
        report.exited = true;
        report.exit_code = *code;
    }
    return report;
}

std::vector<int> container_wait(const EngineConfig& config, const ContainerWaitOptions& opts) {
    container::Store store(config);
    std::vector<int> out;
    for (const auto& ref : opts.containers) {
        const std::string id = store.resolve(ref);
        auto paths = container::paths_for(config, id);
        std::optional<int> code;
        if (container::monitor_alive(config, id)) {
            try {
                auto sock = base::connect_unix(paths.attach_socket);
                monitor_protocol::FrameReader reader;
                char buf[65536];
                while (!code) {
                    ssize_t n = ::read(sock.get(), buf, sizeof buf);
                    if (n < 0 && errno == EINTR) continue;
                    if (n <= 0) break;
                    reader.feed(buf, static_cast<size_t>(n));
                    while (auto f = reader.next())
                        if (f->first == Frame::Exit) code = std::atoi(f->second.c_str());
                }
            } catch (const Error&) {
                // Not listening yet or already gone: fall back to the lock.
            }
            while (!code && container::monitor_alive(config, id))
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!code) code = recorded_exit(config, store, id);
        out.push_back(code.value_or(0));
    }
    return out;
}

}  // namespace tug::engine
