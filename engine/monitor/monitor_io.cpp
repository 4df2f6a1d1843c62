// The monitor's poll loop: the container's stdio, its log, attach clients, the control
// socket, health checks and the reaping of children.
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "engine/base/code_pages.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/base/unix_socket.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/meta/database.hpp"
#include "engine/monitor/monitor.hpp"
#include "engine/runtime/console.hpp"

namespace tug::engine::monitor {

int Monitor::create() {
    out_.reset();
    err_.reset();
    stdin_w_.reset();
    auto runtime = container::runtime_for(config_, record_);
    const std::string pid_file = paths_.state + "/pid";
    ::unlink(pid_file.c_str());
    if (tty_) {
        const std::string sock = runtime::console_socket_path(config_.state_dir, id_);
        auto listener = base::listen_unix(sock, 1);
        runtime->create(id_, paths_.state, pid_file, sock, {});
        out_ = runtime::receive_console(listener.get());
        ::unlink(sock.c_str());
    } else {
        base::Pipe out = base::make_pipe(), err = base::make_pipe();
        std::optional<base::Pipe> in;
        if (open_stdin_) in = base::make_pipe();
        runtime::CreateStdio stdio;
        stdio.stdin_fd = in ? in->read.get() : base::SpawnOptions::kDevNull;
        stdio.stdout_fd = out.write.get();
        stdio.stderr_fd = err.write.get();
        runtime->run_detached(id_, paths_.state, pid_file, "", stdio);
        out_ = std::move(out.read);
        err_ = std::move(err.read);
        if (in) stdin_w_ = std::move(in->write);
    }
    return std::atoi(base::read_file(pid_file).c_str());
}

bool Monitor::wait_for_first_client(int timeout_ms) {
    pollfd p{listen_.get(), POLLIN, 0};
    int r;
    while ((r = ::poll(&p, 1, timeout_ms)) < 0 && errno == EINTR) {
    }
    if (r <= 0) return false;
    accept_client(true);
    return true;
}

void Monitor::accept_client(bool primary) {
    int fd = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) clients_.add(base::UniqueFd(fd), primary);
}

[[gnu::hot]] void Monitor::on_output(Frame stream, const char* data, size_t n) {
    if (log_) {
        try {
            log_->write(stream == Frame::Stderr ? "stderr" : "stdout", std::string_view(data, n));
        } catch (const Error& e) {
            base::log_warning("monitor " + id_ + ": log: " + e.message());
        }
    }
    clients_.broadcast(stream, std::string_view(data, n));
}

void Monitor::on_client_frame(Frame type, const std::string& payload) {
    switch (type) {
        case Frame::Stdin: {
            int target = tty_ ? out_.get() : stdin_w_.get();
            if (target < 0) break;
            try {
                base::write_all(target, payload.data(), payload.size());
            } catch (const Error&) {
                stdin_w_.reset();
            }
            break;
        }
        case Frame::StdinClose:
            if (!tty_ && stdin_once_) stdin_w_.reset();
            break;
        case Frame::Resize:
            if (tty_ && out_) {
                int rows = 0, cols = 0;
                std::sscanf(payload.c_str(), "%d %d", &rows, &cols);
                runtime::resize_console(out_.get(), rows, cols);
            }
            break;
        case Frame::Signal: {
            const int sig = std::atoi(payload.c_str());
            if (sig > 0 && pid_ > 0) ::kill(pid_, sig);
            break;
        }
        default:
            break;
    }
}

void Monitor::drain_signals() {
    signalfd_siginfo si;
    while (::read(sigfd_.get(), &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
    }
}

[[gnu::hot]] int Monitor::io_loop(int pid) {
    bool exited = false;
    int code = 0;
    auto drain_deadline = Clock::now();
    if (health_) {
        try {
            health_->start();
        } catch (const Error& e) {
            base::log_warning("monitor " + id_ + ": health: " + e.message());
            health_->stop();
        }
    }
    // Once the container has run a while, what starting it allocated is freed, and
    // SQLite's page cache can be refilled when the exit is recorded: hand those heap pages
    // back, and let go of the code start-up ran, so that an idle monitor keeps only what
    // it uses. Not at once: a container that exits within the grace period would only
    // make the monitor fault the code it needs for the exit back in.
    constexpr auto kTrimGrace = std::chrono::milliseconds(200);
    const auto trim_at = Clock::now() + kTrimGrace;
    bool trimmed = false;
    auto settle = [this] {
        store_->db().release_memory();
        ::malloc_trim(0);
        base::drop_clean_code_pages();
    };
    // Poll slots: fixed ones first, then one per attach client.
    enum { kSig, kListen, kControl, kOut, kErr, kHealth, kClients };
    std::vector<pollfd> fds;
    for (;;) {
        if (exited && !out_ && !err_) break;
        if (!trimmed && !exited && Clock::now() >= trim_at) {
            settle();
            trimmed = true;
        }
        // Health checks run between the container's I/O: tick() starts and ends probes
        // and says how long the loop may sleep.
        int wait = health_ && !exited ? health_->tick() : -1;
        // A check touches SQLite, the record codec and runc's spawning, a few MB of code
        // and some heap, for milliseconds a second: settle again after each, so that the
        // monitor spends its idle time as small as after start-up. The pages are in the
        // page cache; mapping them again costs a few dozen minor faults per check.
        if (trimmed && health_ && health_->take_recorded()) settle();
        auto sooner = [&](Clock::time_point t) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now());
            const int ms = static_cast<int>(std::max<int64_t>(left.count(), 0)) + 1;
            wait = wait < 0 ? ms : std::min(wait, ms);
        };
        if (!trimmed && !exited) sooner(trim_at);
        if (kill_at_ && !exited) sooner(*kill_at_);
        if (exited) {
            if (Clock::now() >= drain_deadline) break;
            sooner(drain_deadline);
        }
        // A primary client that lags holds the container's output back (see AttachClients).
        const bool hold_output = clients_.primary_full();
        fds.clear();
        fds.push_back({sigfd_.get(), POLLIN, 0});
        fds.push_back({listen_.get(), POLLIN, 0});
        fds.push_back({control_.get(), POLLIN, 0});
        fds.push_back({hold_output ? -1 : out_.get(), POLLIN, 0});
        fds.push_back({hold_output ? -1 : err_.get(), POLLIN, 0});
        fds.push_back({health_ ? health_->output_fd() : -1, POLLIN, 0});
        clients_.add_pollfds(fds);
        int r = ::poll(fds.data(), fds.size(), wait);
        if (r < 0) {
            if (errno == EINTR) continue;
            throw sys_error("poll");
        }
        if (kill_at_ && !exited && Clock::now() >= *kill_at_) {
            kill_at_.reset();
            signal_container("KILL", true);  // the stop's timeout ran out
        }
        if (fds[kSig].revents & POLLIN) {
            drain_signals();
            int st;
            pid_t w;
            while ((w = ::waitpid(-1, &st, WNOHANG)) > 0) {
                if (w == pid) {
                    exited = true;
                    code = base::exit_code_of(st);
                    drain_deadline = Clock::now() + std::chrono::seconds(2);
                    if (health_) health_->stop();
                } else if (health_) {
                    health_->on_reaped(w, st);
                }
            }
        }
        for (int i : {kOut, kErr}) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            auto& fd = i == kOut ? out_ : err_;
            char buf[32768];
            ssize_t n = ::read(fd.get(), buf, sizeof buf);
            if (n > 0) {
                on_output(i == kOut ? Frame::Stdout : Frame::Stderr, buf, static_cast<size_t>(n));
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                fd.reset();  // EOF, or EIO from a pty whose last user is gone
            }
        }
        if (health_ && fds[kHealth].fd >= 0 && (fds[kHealth].revents & (POLLIN | POLLHUP | POLLERR)))
            health_->read_output();
        clients_.handle(fds, kClients, [this](Frame t, const std::string& p) { on_client_frame(t, p); });
        // New clients and control requests last: both may change the client list.
        if (fds[kListen].revents & POLLIN) accept_client(false);
        if (fds[kControl].revents & POLLIN) serve_control();
    }
    if (health_) health_->stop();
    out_.reset();
    err_.reset();
    stdin_w_.reset();
    if (log_) log_->flush();
    return code;
}

}  // namespace tug::engine::monitor
