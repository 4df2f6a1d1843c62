// Raw mode, window-size and signal flags for interactive container sessions.
#include "commands/container_terminal.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>

#include "engine/base/unique_fd.hpp"

namespace tug::commands {
namespace {

std::atomic<int> g_signal{0};
std::atomic<bool> g_winch{false};

void on_signal(int sig) {
    if (sig == SIGWINCH)
        g_winch = true;
    else
        g_signal = sig;
}

void install(int sig) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking poll() wakes up at once
    ::sigaction(sig, &sa, nullptr);
}

}  // namespace

RawTerminal::RawTerminal() {
    if (::tcgetattr(0, &saved_) != 0) return;
    termios raw = saved_;
    ::cfmakeraw(&raw);
    active_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
}

RawTerminal::~RawTerminal() {
    if (active_) ::tcsetattr(0, TCSANOW, &saved_);
}

void watch_window_size() { install(SIGWINCH); }
bool resize_pending() { return g_winch.exchange(false); }

std::pair<int, int> window_size() {
    winsize ws{};
    if (::ioctl(0, TIOCGWINSZ, &ws) != 0) ::ioctl(1, TIOCGWINSZ, &ws);
    return {ws.ws_row, ws.ws_col};
}

void watch_proxied_signals() {
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) install(s);
}

int pending_signal() { return g_signal.exchange(0); }

void write_quietly(int fd, std::string_view data) {
    try {
        base::write_all(fd, data.data(), data.size());
    } catch (...) {
    }
}

}  // namespace tug::commands
