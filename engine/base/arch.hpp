// The host's architecture in Go's names, as docker reports and matches it.
#pragma once

#include <string>

namespace tug::base {

// runtime.GOARCH of a Go program built like tug: "amd64", "arm64", "arm", "386",
// "ppc64le", "s390x", "riscv64" (the compiler's target, as docker's is).
std::string go_arch();

}  // namespace tug::base
