// What the hidden `tug __monitor` entry needs to know of the monitor's contract with the
// tug that starts it (engine/monitor_protocol/launch.hpp).
#pragma once

namespace tug::engine {

// The fd of the sync pipe a monitor is started with: it reports the container's pid or
// its start error there (pass it to monitor_main, engine/api/container.hpp).
inline constexpr int kMonitorSyncFd = 3;

}  // namespace tug::engine
