// Lexical path handling, as Go's path package does it (docker's rules are written in it).
#pragma once

#include <string>

namespace tug::base {

// Go's path.Clean: one slash between components, "." and "x/.." removed, ".." kept only
// where it leads above a relative start; "" becomes ".". No file system is consulted.
std::string clean_path(const std::string& path);

}  // namespace tug::base
