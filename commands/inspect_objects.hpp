// The shared body of `tug <object> inspect NAME...` for objects looked up by name
// (networks, volumes): docker's JSON array or --format, "Error: ..." and exit 1 for the
// names that do not exist.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/registry.hpp"

namespace tug::commands {

using InspectOne = std::function<nlohmann::json(const engine::EngineConfig&, const std::string&)>;

// Adds the NAME... positional (called `noun`) and -f/--format to app.
cli::Action inspect_objects_setup(CLI::App& app, const std::string& noun, InspectOne inspect);

}  // namespace tug::commands
