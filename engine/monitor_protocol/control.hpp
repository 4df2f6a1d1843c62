// The monitor's control socket: how tug asks a running container's monitor to stop,
// kill, resize or detach, instead of the monitor polling the database. One request per
// connection, one line each way:
//   request  "tug-monitor/<version> <verb> [<arg>...]\n"
//   reply    "ok\n"  or  "error <errc> <message>\n"
// Verbs (version 1): stop <signal> <timeout-seconds, -1: wait forever>, kill <signal>,
// resize <rows> <cols>, detach. A request of a version or verb the monitor does not know
// gets an error reply, so either side can change without misreading the other.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/error.hpp"

namespace tug::engine::monitor_protocol {

inline constexpr int kControlVersion = 1;
inline constexpr size_t kMaxControlLine = 4096;

struct ControlRequest {
    std::string verb;
    std::vector<std::string> args;  // no spaces or newlines inside an argument
};

// The control socket of the container whose state (bundle) directory is state_dir.
std::string control_socket_path(const std::string& state_dir);

std::string encode_request(const ControlRequest& req);
// InvalidArgument for a malformed line, NotImplemented for another version or an
// unknown verb (with its argument count checked).
ControlRequest parse_request(std::string_view line);

std::string encode_reply(const std::optional<Error>& error);
// Throws the error an "error" reply carries (its Errc kept); Internal for a garbled one.
void check_reply(std::string_view line);

// Sends req to the monitor listening at path and waits for its reply (throws what the
// reply carries). Unavailable when no monitor listens there (gone, or one that predates
// the control socket): the caller falls back to acting without the monitor.
void send_control(const std::string& path, const ControlRequest& req);

}  // namespace tug::engine::monitor_protocol
