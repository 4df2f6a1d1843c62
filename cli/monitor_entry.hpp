// The container monitor's entry: `tug-monitor NAMESPACE ID --state-dir DIR
// [--wait-attach]`, or the same arguments after `tug __monitor`.
#pragma once

#include <string>
#include <vector>

namespace tug::cli {

// Runs the monitor of container ID (see engine/monitor) until it exits; args are the
// arguments after the program name. The engine configuration comes from the container's
// state directory.
int monitor_entry(const std::vector<std::string>& args);

// The monitor's program for EngineConfig::monitor_program: tug-monitor beside this
// program, or "" (this program re-executed) when it is not there.
std::string monitor_beside_this_program();

}  // namespace tug::cli
