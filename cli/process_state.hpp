// What the engine needs from the process the user typed a command in, read here and
// handed over as values: the engine never reads its own process's environment, working
// directory, terminal or umask (under serve-cri those would be the server's).
#pragma once

#include <string>

#include "engine/api/config.hpp"

namespace tug::cli {

// This process's working directory. Throws tug::Error when it cannot be read (removed).
std::string working_dir();

// docker's resolveLocalPath: path made absolute against the working directory and
// cleaned, keeping a trailing "/" or "/." (they mean "a directory" to cp). "-" and
// absolute paths are cleaned the same way, "-" left alone.
std::string absolute_path(const std::string& path);

// Fills what the engine takes from this process's environment: the environment and
// PATH of the programs it runs (ours, whole) and docker's config directory
// ($DOCKER_CONFIG, else $HOME/.docker). The container monitor calls it too: it runs with
// the environment of the tug that started it.
void take_process_environment(engine::EngineConfig& config);

}  // namespace tug::cli
