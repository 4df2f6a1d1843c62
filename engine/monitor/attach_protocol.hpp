// The attach socket's framing, between a monitor and its clients (run, attach, wait):
// [1 byte type][4 bytes big-endian length][payload]. Clients send stdin, stdin-close,
// resize and signal frames; the monitor sends stdout, stderr and a final exit frame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/unique_fd.hpp"

namespace tug::engine::monitor {

enum class Frame : uint8_t {
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    Exit = 3,        // payload: decimal exit code
    StdinClose = 4,  // the client's stdin reached EOF
    Resize = 5,      // payload: "<rows> <cols>"
    Signal = 6,      // payload: decimal signal number to deliver to the container
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

// A listening unix stream socket at path (replacing a stale socket file). Paths longer
// than sun_path are reached through /proc/self/fd/<dirfd>/<name>.
base::UniqueFd listen_unix(const std::string& path, int backlog = 16);
// Connects; the errno of a failed connect is kept in the tug::Error (ENOENT,
// ECONNREFUSED when the monitor is gone).
base::UniqueFd connect_unix(const std::string& path);

}  // namespace tug::engine::monitor
