// tug's own failures outside a command's action (configuration, internal entries).
#pragma once

#include <functional>

namespace tug::cli {

// Runs body and returns its exit code; a tug::Error or any other exception is printed as
// "tug: <message>" and becomes exit 125 (tug itself failed).
int run_guarded(const std::function<int()>& body);

}  // namespace tug::cli
