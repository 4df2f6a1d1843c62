// Finding CNI plugin binaries on the configured search path.
#pragma once

#include <string>
#include <vector>

namespace tug::cni {

// The first executable <dir>/<plugin> among dirs (in order). Throws tug::Error
// (NotFound) naming the plugin and every directory searched.
std::string find_plugin(const std::string& plugin, const std::vector<std::string>& dirs);

// The directories of dirs that exist, for reporting (`tug info`).
std::vector<std::string> existing_dirs(const std::vector<std::string>& dirs);

}  // namespace tug::cni
