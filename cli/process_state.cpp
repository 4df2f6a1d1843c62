// Reading this process's environment and working directory for the engine.
#include "cli/process_state.hpp"

#include <unistd.h>

#include <climits>
#include <cstdlib>

#include "engine/base/error.hpp"
#include "engine/base/paths.hpp"
#include "engine/base/strings.hpp"

extern char** environ;

namespace tug::cli {

std::string working_dir() {
    char buf[PATH_MAX];
    if (::getcwd(buf, sizeof buf) == nullptr) throw sys_error("get the working directory");
    return buf;
}

std::string absolute_path(const std::string& path) {
    if (path == "-" || path.empty()) return path;
    std::string abs = base::clean_path(path[0] == '/' ? path : working_dir() + "/" + path);
    // archive.PreserveTrailingDotOrSeparator
    if (path == "." || (path.size() >= 2 && path.compare(path.size() - 2, 2, "/.") == 0)) {
        abs += abs == "/" ? "." : "/.";
    } else if (path.back() == '/' && abs != "/") {
        abs += '/';
    }
    return abs;
}

void take_process_environment(engine::EngineConfig& config) {
    config.children.env.clear();
    for (char** e = environ; e != nullptr && *e != nullptr; ++e)
        config.children.env.emplace_back(*e);
    // An unset PATH searches where the engine's default does; an empty entry means the
    // working directory to execvp, which tug does not search.
    if (const char* path = std::getenv("PATH"); path != nullptr)
        config.children.search_path = base::split_nonempty(path, ':');
    else
        config.children.search_path = base::ChildEnv().search_path;
    if (const char* d = std::getenv("DOCKER_CONFIG"); d != nullptr && *d != 0) {
        config.docker_config_dir = d;
    } else {
        const char* home = std::getenv("HOME");
        config.docker_config_dir =
            std::string(home != nullptr && *home != 0 ? home : "/root") + "/.docker";
    }
}

}  // namespace tug::cli
