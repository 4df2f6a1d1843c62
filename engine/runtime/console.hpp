// The pty of a `-t` container: runc hands the master over the --console-socket.
#pragma once

#include <string>

#include "engine/base/unique_fd.hpp"

namespace tug::engine::runtime {

// A short path (runc connects to it by name, sun_path is 108 bytes).
std::string console_socket_path(const std::string& state_dir, const std::string& id);
// Accepts runc's connection on listener and receives the pty master (SCM_RIGHTS).
base::UniqueFd receive_console(int listener);
void resize_console(int master, int rows, int cols);

}  // namespace tug::engine::runtime
