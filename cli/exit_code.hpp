// The one place where error classes become process exit codes (docker's conventions).
#pragma once

#include "engine/base/error.hpp"

namespace tug::cli {

// 125: tug itself failed; 126: the container command cannot be invoked; 127: it was not
// found. A container's own status is returned by the command's action, not through here.
int exit_code_for(Errc code);

inline constexpr int kExitTugFailed = 125;
inline constexpr int kExitUsage = 125;  // docker exits 125 on bad flags and arguments

}  // namespace tug::cli
