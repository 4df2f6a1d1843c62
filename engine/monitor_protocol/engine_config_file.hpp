// The engine configuration a monitor runs with, written by the tug that starts the
// container. The monitor reads it instead of resolving flags, environment and tug.toml
// again: it gets exactly the starting command's settings (--cni-path included), and it
// starts without building the CLI.
#pragma once

#include <string>

#include "engine/api/config.hpp"

namespace tug::engine::monitor_protocol {

// <state_dir>/containers/<id>/engine.json
std::string engine_config_path(const std::string& state_dir, const std::string& id);

void write_engine_config(const EngineConfig& config, const std::string& path);

// Throws tug::Error naming the file when it is missing or malformed.
EngineConfig read_engine_config(const std::string& path);

}  // namespace tug::engine::monitor_protocol
