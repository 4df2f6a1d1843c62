// -e and --env-file as docker's CLI reads them. This is the CLI's work, not the engine's:
// a bare "-e NAME" takes NAME from the environment of the process the user typed the
// command in, and the files are read relative to its working directory.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tug::cli {

// The entries of the --env-file texts (in order; blank lines and # comments skipped,
// leading whitespace and a trailing \r dropped), then the -e values, as "K=V": a bare
// "K" takes K's value from lookup and is dropped when lookup has none. InvalidArgument
// "invalid environment variable: =x" for an entry that is empty or has no name.
std::vector<std::string> expand_env(
    const std::vector<std::string>& env_file_texts, const std::vector<std::string>& env_flags,
    const std::function<std::optional<std::string>(const std::string&)>& lookup);

// expand_env over the files at env_files (read here, so relative to this process's
// working directory) and this process's environment. A file that cannot be read is an
// error naming it.
std::vector<std::string> resolve_env_flags(const std::vector<std::string>& env_files,
                                           const std::vector<std::string>& env_flags);

}  // namespace tug::cli
