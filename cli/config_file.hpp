// tug.toml: the configuration file layer between environment variables and defaults.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tug::cli {

// Values a tug.toml may set; unset keys stay nullopt.
struct FileConfig {
    bool found = false;  // whether the file existed
    std::optional<std::string> data_root;
    std::optional<std::string> state_dir;
    std::optional<std::string> namespace_;
    std::optional<std::string> runtime;
    std::optional<std::string> cgroup_manager;
    std::optional<std::vector<std::string>> cni_path;
    std::optional<std::string> cni_netconfpath;
    std::optional<std::vector<std::string>> insecure_registries;
    std::optional<std::string> registry_config_dir;
    std::optional<std::string> snapshotter;
    std::optional<int> max_concurrent_downloads;
    std::optional<int> max_concurrent_uploads;
    std::optional<bool> debug;
};

// Parses a tug.toml. A missing file yields an empty config unless `required`. A syntax
// error, an unknown key or a value of the wrong type is a tug::Error (InvalidArgument)
// naming the file and line: "/etc/tug/tug.toml:3: unknown key \"dataroot\"".
FileConfig load_config_file(const std::string& path, bool required);

}  // namespace tug::cli
