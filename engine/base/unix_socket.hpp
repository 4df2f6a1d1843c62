// Unix stream sockets by path: a listener replacing a stale socket file, and a client.
// Paths longer than sun_path (108 bytes) are reached through /proc/self/fd/<dirfd>/<name>.
#pragma once

#include <string>

#include "engine/base/unique_fd.hpp"

namespace tug::base {

// A listening socket at path (a stale socket file there is replaced). CLOEXEC.
UniqueFd listen_unix(const std::string& path, int backlog = 16);
// A connected socket; a failed connect keeps its errno in the tug::Error (ENOENT, or
// ECONNREFUSED when nothing listens any more). CLOEXEC.
UniqueFd connect_unix(const std::string& path);

}  // namespace tug::base
