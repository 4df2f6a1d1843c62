// The detached double-clone launch of a monitor and the sync-pipe report.
#include "engine/monitor_protocol/launch.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "engine/base/unique_fd.hpp"

namespace tug::engine::monitor_protocol {

namespace {

// What the two children of a launch need, prepared before the first clone: they share
// the caller's memory (CLONE_VM) and must not allocate.
struct Launch {
    char** args;
    int wfd, lfd, nfd;
    char* grandchild_stack_top;
};

// The monitor itself: a clean signal state and its three standard descriptors, then exec.
int exec_monitor(void* arg) {
    const Launch& l = *static_cast<const Launch*>(arg);
    for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(l.nfd, 0);
    ::dup2(l.lfd, 1);
    ::dup2(l.lfd, 2);
    if (l.wfd == kSyncFd) {
        ::fcntl(kSyncFd, F_SETFD, 0);
    } else {
        ::dup2(l.wfd, kSyncFd);
    }
    ::chdir("/");
    ::execv(l.args[0], l.args);
    const char msg[] = "E13 cannot execute the container monitor's program\n";
    ssize_t ignored = ::write(kSyncFd, msg, sizeof msg - 1);
    (void)ignored;
    ::_exit(127);
}

// The middle of the double clone: a new session, the monitor started in it, then gone, so
// that the monitor is nobody's child. It returns only once the monitor has exec'd.
int detach_monitor(void* arg) {
    const Launch& l = *static_cast<const Launch*>(arg);
    ::setsid();
    pid_t monitor = ::clone(exec_monitor, l.grandchild_stack_top, CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
    ::_exit(monitor < 0 ? 1 : 0);
}

}  // namespace

int launch_and_wait(const std::vector<std::string>& argv, const std::string& log_path) {
    base::Pipe sync = base::make_pipe();
    base::UniqueFd log = base::open_fd(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
    base::UniqueFd devnull = base::open_fd("/dev/null", O_RDONLY);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // Both children run in this process's memory until they exec or exit (vfork style):
    // fork() would mark every page copy-on-write, and the pages this process writes
    // afterwards would each fault and be copied, which costs milliseconds on a `run`.
    // Signals stay blocked while they share it, so no handler of ours runs in a child.
    constexpr size_t kStack = 64 * 1024;
    std::unique_ptr<char[]> stacks(new char[2 * kStack]);  // untouched: no faults up front
    Launch plan{args.data(), sync.write.get(), log.get(), devnull.get(), stacks.get() + 2 * kStack};
    sigset_t all, old;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t child = ::clone(detach_monitor, stacks.get() + kStack, CLONE_VM | CLONE_VFORK | SIGCHLD, &plan);
    const int clone_errno = errno;
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (child < 0) throw sys_error("start monitor", clone_errno);
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
