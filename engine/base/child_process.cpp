// Spawning children with posix_spawn (no allocation between fork and exec) and
// collecting their output.
#include "engine/base/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::base {

ChildProcess& ChildProcess::operator=(ChildProcess&& o) noexcept {
    if (this != &o) {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int st;
            while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
            }
        }
        pid_ = o.pid_;
        o.pid_ = -1;
    }
    return *this;
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int st;
        while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
        }
    }
}

int ChildProcess::wait() {
    int st = 0;
    for (;;) {
        pid_t r = ::waitpid(pid_, &st, 0);
        if (r == pid_) break;
        if (r < 0 && errno == EINTR) continue;
        throw sys_error("waitpid");
    }
    pid_ = -1;
    return st;
}

std::optional<int> ChildProcess::try_wait() {
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
        pid_ = -1;
        return st;
    }
    if (r < 0 && errno != EINTR) throw sys_error("waitpid");
    return std::nullopt;
}

void ChildProcess::kill(int sig) noexcept {
    if (pid_ > 0) ::kill(pid_, sig);
}

pid_t ChildProcess::detach() noexcept {
    pid_t p = pid_;
    pid_ = -1;
    return p;
}

int exit_code_of(int st) {
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
    return 255;
}

namespace {

struct CStrings {
    explicit CStrings(const std::vector<std::string>& v) {
        ptrs.reserve(v.size() + 1);
        for (auto& s : v) ptrs.push_back(const_cast<char*>(s.c_str()));
        ptrs.push_back(nullptr);
    }
    std::vector<char*> ptrs;
};

void add_redirect(posix_spawn_file_actions_t* fa, int fd, int target, int open_flags) {
    if (fd == SpawnOptions::kDevNull) {
        posix_spawn_file_actions_addopen(fa, target, "/dev/null", open_flags, 0);
    } else if (fd >= 0) {
        posix_spawn_file_actions_adddup2(fa, fd, target);
    }
}

}  // namespace

ChildProcess spawn(const SpawnOptions& opts) {
    if (opts.argv.empty()) throw Error(Errc::InvalidArgument, "spawn: empty command");
    // The program is found before anything is set up: a missing one is the caller's error
    // to report, and posix_spawnp would search the PATH of this process, not the child's.
    const std::string prog = find_program(opts.argv[0], opts.child.search_path);
    if (prog.empty()) {
        const Error e = sys_error(opts.argv[0], ENOENT);
        throw Error(Errc::CommandNotFound, e.message(), ENOENT);
    }
    CStrings argv(opts.argv);
    CStrings envp(opts.child.env);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    add_redirect(&fa, opts.stdin_fd, 0, O_RDONLY);
    add_redirect(&fa, opts.stdout_fd, 1, O_WRONLY);
    add_redirect(&fa, opts.stderr_fd, 2, O_WRONLY);
    if (!opts.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, opts.cwd.c_str());

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (opts.new_session) flags |= POSIX_SPAWN_SETSID;
    posix_spawnattr_setflags(&attr, flags);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);

    pid_t pid = -1;
    int rc = posix_spawn(&pid, prog.c_str(), &fa, &attr, argv.ptrs.data(), envp.ptrs.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        Error e = sys_error(opts.argv[0], rc);
        if (rc == ENOENT) throw Error(Errc::CommandNotFound, e.message(), rc);
        if (rc == EACCES || rc == ENOEXEC) throw Error(Errc::CannotInvoke, e.message(), rc);
        throw e;
    }
    return ChildProcess(pid);
}

CaptureResult run_capture(const std::vector<std::string>& argv, const ChildEnv& env,
                          const std::string& stdin_data, std::chrono::milliseconds timeout) {
    Pipe in = make_pipe(), out = make_pipe(), err = make_pipe();
    SpawnOptions so;
    so.argv = argv;
    so.child = env;
    so.stdin_fd = in.read.get();
    so.stdout_fd = out.write.get();
    so.stderr_fd = err.write.get();
    ChildProcess child = spawn(so);
    in.read.reset();
    out.write.reset();
    err.write.reset();
    if (stdin_data.empty()) in.write.reset();
    ::fcntl(in.write.get(), F_SETFL, O_NONBLOCK);

    CaptureResult res;
    size_t written = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.read || err.read) {
        pollfd fds[3];
        int n = 0;
        int idx_out = -1, idx_err = -1, idx_in = -1;
        if (out.read) fds[idx_out = n++] = {out.read.get(), POLLIN, 0};
        if (err.read) fds[idx_err = n++] = {err.read.get(), POLLIN, 0};
        if (in.write) fds[idx_in = n++] = {in.write.get(), POLLOUT, 0};
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            child.kill(SIGKILL);
            child.wait();
            throw Error(Errc::DeadlineExceeded,
                        argv[0] + ": timed out after " + std::to_string(timeout.count()) + "ms");
        }
        int r = ::poll(fds, static_cast<nfds_t>(n), static_cast<int>(left.count()));
        if (r < 0) {
            if (errno == EINTR) continue;
            throw sys_error("poll");
        }
        auto drain = [](UniqueFd& fd, std::string& sink) {
            char buf[8192];
            ssize_t k = ::read(fd.get(), buf, sizeof buf);
            if (k > 0) {
                sink.append(buf, static_cast<size_t>(k));
            } else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
                fd.reset();
            }
        };
        if (idx_out >= 0 && (fds[idx_out].revents & (POLLIN | POLLHUP | POLLERR)))
            drain(out.read, res.out);
        if (idx_err >= 0 && (fds[idx_err].revents & (POLLIN | POLLHUP | POLLERR)))
            drain(err.read, res.err);
        if (idx_in >= 0 && fds[idx_in].revents) {
            if (fds[idx_in].revents & (POLLERR | POLLHUP)) {
                in.write.reset();
            } else {
                ssize_t k = ::write(in.write.get(), stdin_data.data() + written,
                                    stdin_data.size() - written);
                if (k > 0) written += static_cast<size_t>(k);
                if ((k < 0 && errno != EAGAIN && errno != EINTR) || written == stdin_data.size())
                    in.write.reset();
            }
        }
    }
    res.exit_code = exit_code_of(child.wait());
    return res;
}

}  // namespace tug::base
