// Hidden entries tug spawns itself with a fixed argv (CommandSpec::direct), dispatched
// before the command tree is built.
#pragma once

#include <optional>

namespace tug::cli {

// The exit code when argv[1] names a command with a direct entry, else nullopt.
std::optional<int> run_direct_entry(int argc, char** argv);

}  // namespace tug::cli
