// Starting a monitor (tug-monitor, or tug re-executed as `__monitor`), detached by a
// double clone and setsid, with a sync pipe on fd 3 on which it reports "P<pid>" or "E<errc> <message>".
#pragma once

#include <string>
#include <vector>

#include "engine/api/monitor.hpp"
#include "engine/base/error.hpp"

namespace tug::engine::monitor_protocol {

inline constexpr int kSyncFd = kMonitorSyncFd;

// Runs argv (argv[0] is the program's path) detached, stdout and stderr
// appended to log_path, and waits for its report. Returns the container pid; throws
// the error the monitor reported (its Errc kept).
int launch_and_wait(const std::vector<std::string>& argv, const std::string& log_path);

// In the monitor: report success or failure to the starting tug (once), then close.
void report_pid(int sync_fd, int pid);
void report_error(int sync_fd, const Error& e);

}  // namespace tug::engine::monitor_protocol
