// The detached double-fork launch of a monitor and the sync-pipe report.
#include "engine/monitor_protocol/launch.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/base/unique_fd.hpp"

namespace tug::engine::monitor_protocol {

int launch_and_wait(const std::vector<std::string>& argv, const std::string& log_path) {
    base::Pipe sync = base::make_pipe();
    base::UniqueFd log = base::open_fd(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
    base::UniqueFd devnull = base::open_fd("/dev/null", O_RDONLY);
    // Everything the children need is prepared here: nothing allocates after fork().
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int wfd = sync.write.get(), lfd = log.get(), nfd = devnull.get();

    pid_t child = ::fork();
    if (child < 0) throw sys_error("fork monitor");
    if (child == 0) {
        ::setsid();
        pid_t grandchild = ::fork();
        if (grandchild != 0) ::_exit(grandchild < 0 ? 1 : 0);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
        ::dup2(nfd, 0);
        ::dup2(lfd, 1);
        ::dup2(lfd, 2);
        if (wfd == kSyncFd) {
            ::fcntl(kSyncFd, F_SETFD, 0);
        } else {
            ::dup2(wfd, kSyncFd);
        }
        ::chdir("/");
        ::execv("/proc/self/exe", args.data());
        const char msg[] = "E13 cannot execute the tug binary for the monitor\n";
        ssize_t ignored = ::write(kSyncFd, msg, sizeof msg - 1);
        (void)ignored;
        ::_exit(127);
    }
    int st = 0;
    while (::waitpid(child, &st, 0) < 0 && errno == EINTR) {
    }
    sync.write.reset();
    log.reset();

    std::string msg;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(sync.read.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        msg.append(buf, static_cast<size_t>(n));
        if (msg.find('\n') != std::string::npos) break;
    }
    if (msg.empty())
        throw Error(Errc::Internal, "container monitor exited before reporting (see " + log_path + ")");
    if (auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    if (msg[0] == 'P') return std::atoi(msg.c_str() + 1);
    int code = std::atoi(msg.c_str() + 1);
    auto sp = msg.find(' ');
    std::string text = sp == std::string::npos ? "container monitor failed" : msg.substr(sp + 1);
    throw Error(static_cast<Errc>(code), text);
}

void report_pid(int sync_fd, int pid) {
    if (sync_fd < 0) return;
    std::string m = "P" + std::to_string(pid) + "\n";
    try {
        base::write_all(sync_fd, m.data(), m.size());
    } catch (...) {
        // The starting tug may have been killed; the container runs on regardless.
    }
    ::close(sync_fd);
}

void report_error(int sync_fd, const Error& e) {
    if (sync_fd < 0) return;
    std::string text = e.message();
    for (char& c : text)
        if (c == '\n') c = ' ';
    std::string m = "E" + std::to_string(static_cast<int>(e.code())) + " " + text + "\n";
    try {
        base::write_all(sync_fd, m.data(), m.size());
    } catch (...) {
    }
    ::close(sync_fd);
}

}  // namespace tug::engine::monitor_protocol
