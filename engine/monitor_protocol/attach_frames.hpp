// The attach socket's framing, between a monitor and its clients (run, attach, wait):
// [1 byte type][4 bytes big-endian length][payload]. Clients send stdin, stdin-close,
// resize and signal frames; the monitor sends stdout, stderr, and last an exit frame, or
// a detached frame when it was asked to let its clients go.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tug::engine::monitor_protocol {

enum class Frame : uint8_t {
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    Exit = 3,        // payload: decimal exit code
    StdinClose = 4,  // the client's stdin reached EOF
    Resize = 5,      // payload: "<rows> <cols>"
    Signal = 6,      // payload: decimal signal number to deliver to the container
    Detached = 7,    // the monitor lets the client go; the container runs on
};

inline constexpr size_t kFrameHeader = 5;
inline constexpr size_t kMaxFramePayload = 1 << 20;

std::string encode_frame(Frame type, std::string_view payload);

// Incremental decoder: feed bytes, take complete frames.
class FrameReader {
public:
    void feed(const char* data, size_t n) { buf_.append(data, n); }
    // The next complete frame, or nullopt. Internal error on an oversized frame.
    std::optional<std::pair<Frame, std::string>> next();

private:
    std::string buf_;
};

}  // namespace tug::engine::monitor_protocol
