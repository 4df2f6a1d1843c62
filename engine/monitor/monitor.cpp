// The monitor's lifecycle: create, report, start, relay, record, restart, tear down.
#include "engine/monitor/monitor.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "engine/api/container.hpp"
#include "engine/base/code_pages.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/health/config.hpp"
#include "engine/meta/database.hpp"
#include "engine/monitor/console.hpp"
#include "engine/monitor/engine_config_file.hpp"
#include "engine/monitor/launch.hpp"

namespace tug::engine::monitor {

Monitor::Monitor(const EngineConfig& config, std::string id, int sync_fd, bool wait_for_attach)
    : config_(config), id_(std::move(id)), sync_fd_(sync_fd), wait_for_attach_(wait_for_attach),
      paths_(container::paths_for(config_, id_)) {
    // Nothing the monitor starts (runc, the container) may inherit the sync pipe: the
    // starting tug would not see EOF if the monitor died.
    if (sync_fd_ >= 0) ::fcntl(sync_fd_, F_SETFD, FD_CLOEXEC);
}

int Monitor::create() {
    out_.reset();
    err_.reset();
    stdin_w_.reset();
    auto runtime = container::runtime_for(config_, record_);
    const std::string pid_file = paths_.state + "/pid";
    ::unlink(pid_file.c_str());
    if (tty_) {
        const std::string sock = console_socket_path(config_, id_);
        auto listener = listen_unix(sock, 1);
        runtime->create(id_, paths_.state, pid_file, sock, {});
        out_ = receive_console(listener.get());
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
    accept_client();
    return true;
}

void Monitor::accept_client() {
    int fd = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    clients_.push_back(Client{base::UniqueFd(fd), {}});
}

void Monitor::broadcast(Frame type, std::string_view data) {
    if (clients_.empty()) return;
    const std::string frame = encode_frame(type, data);
    for (auto& c : clients_) {
        if (!c.fd) continue;
        size_t off = 0;
        while (off < frame.size()) {
            ssize_t n = ::send(c.fd.get(), frame.data() + off, frame.size() - off, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                c.fd.reset();  // a slow or gone client is dropped, never the container
                break;
            }
            off += static_cast<size_t>(n);
        }
    }
    std::erase_if(clients_, [](const Client& c) { return !c.fd; });
}

void Monitor::on_output(Frame stream, const char* data, size_t n) {
    if (log_) {
        try {
            log_->write(stream == Frame::Stderr ? "stderr" : "stdout", std::string_view(data, n));
        } catch (const Error& e) {
            base::log_warning("monitor " + id_ + ": log: " + e.message());
        }
    }
    broadcast(stream, std::string_view(data, n));
}

bool Monitor::handle_client_input(Client& c) {
    char buf[32768];
    ssize_t n = ::read(c.fd.get(), buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) return false;
    c.reader.feed(buf, static_cast<size_t>(n));
    try {
        while (auto f = c.reader.next()) {
            switch (f->first) {
                case Frame::Stdin: {
                    int target = tty_ ? out_.get() : stdin_w_.get();
                    if (target >= 0) {
                        try {
                            base::write_all(target, f->second.data(), f->second.size());
                        } catch (const Error&) {
                            stdin_w_.reset();
                        }
                    }
                    break;
                }
                case Frame::StdinClose:
                    if (!tty_ && stdin_once_) stdin_w_.reset();
                    break;
                case Frame::Resize:
                    if (tty_ && out_) {
                        int rows = 0, cols = 0;
                        std::sscanf(f->second.c_str(), "%d %d", &rows, &cols);
                        resize_console(out_.get(), rows, cols);
                    }
                    break;
                case Frame::Signal: {
                    int sig = std::atoi(f->second.c_str());
                    auto pid = record_.state.pid;
                    if (sig > 0 && pid > 0) ::kill(pid, sig);
                    break;
                }
                default:
                    break;
            }
        }
    } catch (const Error&) {
        return false;
    }
    return true;
}

int Monitor::io_loop(int pid) {
    record_.state.pid = pid;
    bool exited = false;
    int code = 0;
    auto drain_deadline = std::chrono::steady_clock::now();
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
    const auto trim_at = std::chrono::steady_clock::now() + kTrimGrace;
    bool trimmed = false;
    for (;;) {
        if (exited && !out_ && !err_) break;
        if (!trimmed && !exited && std::chrono::steady_clock::now() >= trim_at) {
            store_->db().release_memory();
            ::malloc_trim(0);
            base::drop_clean_code_pages();
            trimmed = true;
        }
        // Health checks run between the container's I/O: tick() starts and ends probes
        // and says how long the loop may sleep.
        int health_wait = health_ && !exited ? health_->tick() : -1;
        if (!trimmed && !exited) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                trim_at - std::chrono::steady_clock::now());
            const int until_trim = static_cast<int>(std::max<int64_t>(left.count(), 0)) + 1;
            health_wait = health_wait < 0 ? until_trim : std::min(health_wait, until_trim);
        }
        std::vector<pollfd> fds;
        fds.push_back({sigfd_.get(), POLLIN, 0});
        fds.push_back({listen_.get(), POLLIN, 0});
        fds.push_back({out_.get(), POLLIN, 0});
        fds.push_back({err_.get(), POLLIN, 0});
        fds.push_back({health_ ? health_->output_fd() : -1, POLLIN, 0});
        for (auto& c : clients_) fds.push_back({c.fd.get(), POLLIN, 0});
        int timeout = health_wait;
        if (exited) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                drain_deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            timeout = static_cast<int>(left.count());
        }
        int r = ::poll(fds.data(), fds.size(), timeout);
        if (r < 0) {
            if (errno == EINTR) continue;
            throw sys_error("poll");
        }
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo si;
            while (::read(sigfd_.get(), &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
            }
            int st;
            pid_t w;
            while ((w = ::waitpid(-1, &st, WNOHANG)) > 0) {
                if (w == pid) {
                    exited = true;
                    code = base::exit_code_of(st);
                    drain_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
                    if (health_) health_->stop();
                } else if (health_) {
                    health_->on_reaped(w, st);
                }
            }
        }
        if (fds[1].revents & POLLIN) accept_client();
        for (int i : {2, 3}) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            auto& fd = i == 2 ? out_ : err_;
            char buf[32768];
            ssize_t n = ::read(fd.get(), buf, sizeof buf);
            if (n > 0) {
                on_output(i == 2 ? Frame::Stdout : Frame::Stderr, buf, static_cast<size_t>(n));
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                fd.reset();  // EOF, or EIO from a pty whose last user is gone
            }
        }
        if (health_ && fds[4].fd >= 0 && (fds[4].revents & (POLLIN | POLLHUP | POLLERR)))
            health_->read_output();
        for (size_t i = 5; i < fds.size(); ++i) {
            if (!fds[i].revents) continue;
            auto it = std::find_if(clients_.begin(), clients_.end(),
                                   [&](const Client& c) { return c.fd.get() == fds[i].fd; });
            if (it != clients_.end() && !handle_client_input(*it)) it->fd.reset();
        }
        std::erase_if(clients_, [](const Client& c) { return !c.fd; });
    }
    if (health_) health_->stop();
    out_.reset();
    err_.reset();
    stdin_w_.reset();
    if (log_) log_->flush();
    return code;
}

bool Monitor::oom_killed() const {
    for (const std::string& f : {"/sys/fs/cgroup/memory/tug/" + id_ + "/memory.oom_control",
                                 "/sys/fs/cgroup/tug/" + id_ + "/memory.events"}) {
        auto text = base::read_file_if_exists(f);
        if (!text) continue;
        auto pos = text->find("oom_kill ");
        if (pos != std::string::npos && std::atoi(text->c_str() + pos + 9) > 0) return true;
    }
    return false;
}

bool Monitor::should_restart(int exit_code, int restart_count, bool user_stopped) const {
    const auto& policy = record_.host.restart_policy;
    if (user_stopped) return false;
    if (policy.name == "always" || policy.name == "unless-stopped") return true;
    if (policy.name == "on-failure")
        return exit_code != 0 && (policy.max_retries == 0 || restart_count < policy.max_retries);
    return false;
}

void Monitor::restart_backoff(int ms) {
    // `tug stop` has no channel to the monitor but the record: poll it, so that a stop
    // during a long backoff (up to a minute) takes effect at once.
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
        try {
            if (store_->get(id_).state.stop_requested) return;
        } catch (const Error&) {
            return;  // removed meanwhile
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            end - std::chrono::steady_clock::now());
        if (left.count() <= 0) return;
        pollfd p{sigfd_.get(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 50))) > 0) {
            signalfd_siginfo si;
            while (::read(sigfd_.get(), &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
            }
            int st;
            while (::waitpid(-1, &st, WNOHANG) > 0) {
            }
        }
    }
}

void Monitor::finish(int exit_code, bool removed) {
    (void)removed;
    broadcast(Frame::Exit, std::to_string(exit_code));
    clients_.clear();
}

int Monitor::run() {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    ::signal(SIGPIPE, SIG_IGN);
    sigset_t mask;
    sigemptyset(&mask);
    for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&mask, s);
    ::sigprocmask(SIG_BLOCK, &mask, nullptr);
    sigfd_.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));

    auto lock = base::FileLock::acquire(paths_.monitor_lock);
    int last_code = 0;
    try {
        store_.emplace(config_);
        record_ = store_->get(id_);
        const auto& cfg = record_.config;
        tty_ = cfg.tty;
        open_stdin_ = cfg.open_stdin;
        stdin_once_ = cfg.stdin_once;
        const auto& host = record_.host;
        if (host.log_driver == "json-file") {
            uint64_t max_size = 0;
            int max_file = 1;
            if (auto it = host.log_options.find("max-size"); it != host.log_options.end())
                max_size = std::stoull(it->second);
            if (auto it = host.log_options.find("max-file"); it != host.log_options.end())
                max_file = std::stoi(it->second);
            log_.emplace(paths_.log, max_size, max_file);
        }
        listen_ = listen_unix(paths_.attach_socket);
        if (auto probe = health::probe_of(cfg.healthcheck))
            health_.emplace(config_, id_, std::move(*probe), *store_);
    } catch (const Error& e) {
        report_error(sync_fd_, e);
        container::teardown_runtime(config_, id_);
        return 1;
    }

    bool first = true;
    int backoff_ms = 100;
    std::optional<Error> start_error;
    for (;;) {
        int pid = 0;
        try {
            pid = create();
            container::record_started(*store_, id_, pid);
            if (first) {
                report_pid(sync_fd_, pid);
                sync_fd_ = -1;
                if (wait_for_attach_) wait_for_first_client(10000);
            }
            if (tty_) container::runtime_for(config_, record_)->start(id_);
        } catch (const Error& e) {
            last_code = container::exit_code_for_start_error(e.code());
            try {
                container::record_start_failed(*store_, id_, last_code, e.message());
            } catch (const Error&) {
            }
            // Reported after the teardown below, so that the starting tug (and a
            // `run --rm` that returns on it) finds the container cleaned up.
            if (first) start_error.emplace(e);
            break;
        }
        first = false;
        const auto started = std::chrono::steady_clock::now();
        last_code = io_loop(pid);
        const bool oom = oom_killed();
        try {
            container::runtime_for(config_, record_)->remove(id_, true);
        } catch (const Error& e) {
            base::log_warning("monitor " + id_ + ": " + e.message());
        }
        ContainerRecord rec;
        try {
            container::record_exited(*store_, id_, last_code, oom);
            rec = store_->get(id_);
        } catch (const Error&) {
            break;  // removed meanwhile (rm -f): nothing to restart
        }
        const bool user_stopped = rec.state.stop_requested;
        const int count = rec.state.restart_count;
        record_ = rec;
        if (!should_restart(last_code, count, user_stopped)) break;
        broadcast(Frame::Exit, std::to_string(last_code));
        // docker's backoff: doubling from 100ms, reset after 10s of successful running.
        if (std::chrono::steady_clock::now() - started >= std::chrono::seconds(10)) backoff_ms = 100;
        try {
            store_->update(id_, [&](ContainerRecord& r) {
                r.state.restart_count = count + 1;
                r.state.status = ContainerStatus::Restarting;
            });
        } catch (const Error&) {
            break;
        }
        restart_backoff(backoff_ms);
        backoff_ms = std::min(backoff_ms * 2, 60000);
        try {
            rec = store_->get(id_);
        } catch (const Error&) {
            break;
        }
        if (rec.state.stop_requested) {
            store_->update(id_,
                           [&](ContainerRecord& r) { r.state.status = ContainerStatus::Exited; });
            break;
        }
        record_ = rec;
    }

    container::teardown_runtime(config_, id_);
    bool removed = false;
    try {
        auto rec = store_->find(id_);
        // Not when `tug restart` stopped it: it is about to start again.
        if (rec && rec->host.auto_remove && !rec->state.manual_restart) {
            // Gone from the record, the container is gone for every tug command (its
            // name is free again); its files, unmounted already, are no one's business
            // but this monitor's.
            container::forget_auto_removed(config_, *store_, *rec);
            removed = true;
        }
    } catch (const Error& e) {
        base::log_warning("monitor " + id_ + ": auto-remove: " + e.message());
    }
    // A failed start is reported only when nothing of the container is left.
    if (removed && start_error) container::remove_container_files(config_, id_);
    if (start_error) {
        report_error(sync_fd_, *start_error);
        sync_fd_ = -1;
    }
    // An attached `run --rm` returns on the exit frame: it need not wait for the files.
    finish(last_code, removed);
    if (removed && !start_error) container::remove_container_files(config_, id_);
    return 0;
}

}  // namespace tug::engine::monitor

namespace tug::engine {

int monitor_main(const EngineConfig& config, const std::string& id, int sync_fd,
                 bool wait_for_attach) {
    monitor::Monitor m(config, id, sync_fd, wait_for_attach);
    return m.run();
}

EngineConfig monitor_engine_config(const std::string& state_dir, const std::string& id) {
    return monitor::read_engine_config(monitor::engine_config_path(state_dir, id));
}

}  // namespace tug::engine
