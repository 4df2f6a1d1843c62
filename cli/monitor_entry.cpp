// Parsing the monitor's arguments, and finding its program beside tug.
#include "cli/monitor_entry.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "cli/process_state.hpp"
#include "engine/api/container.hpp"
#include "engine/api/monitor.hpp"
#include "engine/base/error.hpp"

namespace tug::cli {

int monitor_entry(const std::vector<std::string>& args) {
    std::vector<std::string> positional;
    std::string state_dir;
    bool wait_attach = false;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--wait-attach") {
            wait_attach = true;
        } else if (args[i] == "--state-dir" && i + 1 < args.size()) {
            state_dir = args[++i];
        } else {
            positional.push_back(args[i]);
        }
    }
    if (positional.size() != 2 || state_dir.empty()) {
        throw Error(Errc::InvalidArgument, "usage: tug-monitor NAMESPACE ID --state-dir DIR");
    }
    engine::EngineConfig config = engine::monitor_engine_config(state_dir, positional[1]);
    // The monitor runs with the environment of the tug that started it: runc and the
    // health checks get that, as they would from the starting tug.
    take_process_environment(config);
    // Not its umask, though: runc inherits it and creates a container's missing mount
    // points with it. The monitor is the container's daemon, and like dockerd (which sets
    // 022 at start) it makes what it makes as docker would, whatever shell started it.
    ::umask(022);
    return engine::monitor_main(config, positional[1], engine::kMonitorSyncFd, wait_attach);
}

std::string monitor_beside_this_program() {
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return "";
    std::string path(self, static_cast<size_t>(n));
    path.resize(path.rfind('/') + 1);
    path += "tug-monitor";
    return ::access(path.c_str(), X_OK) == 0 ? path : "";
}

}  // namespace tug::cli
