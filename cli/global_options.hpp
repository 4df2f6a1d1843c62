// The global flags (docker-style: before the command) and their resolution:
// flag > environment (TUG_*) > tug.toml > default.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/api/config.hpp"

namespace tug::cli {

struct GlobalFlags {
    std::optional<std::string> data_root, state_dir, namespace_, config, runtime, cni_netconfpath;
    std::vector<std::string> cni_path, insecure_registries;
    bool debug = false;
};

void add_global_flags(CLI::App& app, GlobalFlags& flags);

struct ResolvedConfig {
    engine::EngineConfig engine;
    std::string config_file;  // the tug.toml read, "" when none existed
};

// Applies the precedence rules. Throws tug::Error for a bad tug.toml.
ResolvedConfig resolve_config(const GlobalFlags& flags);

// Where CNI plugins are searched after the configured directories.
const std::vector<std::string>& default_cni_paths();

}  // namespace tug::cli
