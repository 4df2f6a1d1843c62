// Documentation generated from the command tree: the bash completion script and the
// man page. Both are checked in (completions/, man/) and a test keeps them current.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace tug::cli {

std::string bash_completion(const CLI::App& root);
std::string man_page(const CLI::App& root);

}  // namespace tug::cli
