// The client side of an interactive container session (run -it, attach, start -ai,
// exec -it): raw mode on our terminal, SIGWINCH and proxied signals as polled flags.
#pragma once

#include <termios.h>

#include <string_view>
#include <utility>

namespace tug::commands {

// Raw mode on fd 0 when it is a terminal, restored on scope exit.
class RawTerminal {
public:
    RawTerminal();
    ~RawTerminal();
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    termios saved_{};
    bool active_ = false;
};

// Starts watching SIGWINCH; resize_pending() then tells (once) that the window changed.
void watch_window_size();
bool resize_pending();
// The size of our terminal (fd 0, else fd 1): rows, cols.
std::pair<int, int> window_size();

// Catches the signals docker's --sig-proxy forwards; pending_signal() takes one (0: none).
void watch_proxied_signals();
int pending_signal();

// Writes to our stdout/stderr; a closed pipe (`| head`) must not stop the relay.
void write_quietly(int fd, std::string_view data);

}  // namespace tug::commands
