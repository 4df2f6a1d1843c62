// ChildEnv: the process state a program tug runs is started with. The front end fills it
// (the CLI with its own environment and PATH); the engine never hands on, or looks
// programs up in, the environment of whatever process it happens to run in: under
// `serve-cri` that would be the server's, not the caller's.
#pragma once

#include <string>
#include <vector>

namespace tug::base {

struct ChildEnv {
    // The child's whole environment, "K=V" each.
    std::vector<std::string> env = {
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    // Where a program named without a '/' is looked up, in order.
    std::vector<std::string> search_path = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                            "/usr/bin",        "/sbin",          "/bin"};
};

// The path program runs from: itself when it contains a '/', else the first regular,
// executable file of that name in search_path (as execvp searches); "" when none is.
std::string find_program(const std::string& program, const std::vector<std::string>& search_path);

}  // namespace tug::base
