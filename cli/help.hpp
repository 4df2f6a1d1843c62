// Docker-style help text: the top-level command list by section, and a command's usage,
// aliases and options.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tug::cli {

// `tug --help`: Common Commands, Management Commands, Commands, Global Options.
std::string top_level_help(const CLI::App& root);
// `tug <group> --help` and `tug <command> --help`.
std::string command_help(const CLI::App& app, const std::string& path, const std::string& usage,
                         const std::vector<std::string>& aliases);

}  // namespace tug::cli
