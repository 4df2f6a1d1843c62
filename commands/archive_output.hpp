// Where `save` and `export` send their tar, as docker's CLI does: to the -o file, or to
// stdout when that is not a terminal.
#pragma once

#include <functional>
#include <string>

#include "cli/registry.hpp"

namespace tug::commands {

// Calls write with the fd the tar goes to. An -o file is written through a temp file
// beside it (mode 0600, as docker's CLI makes it, whatever the umask), fsynced and
// renamed over the target once write returns; if write throws, the target is untouched
// and the temp file removed. Without -o and with stdout a terminal: InvalidArgument,
// docker's "cowardly refusing to save to a terminal".
void write_archive_output(cli::Context& ctx, const std::string& output,
                          const std::function<void(int fd)>& write);

}  // namespace tug::commands
