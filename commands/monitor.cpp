// tug __monitor NAMESPACE ID --state-dir DIR [--wait-attach]: the hidden entry a
// container's monitor runs as (see engine/monitor). The starting tug spawns it with
// exactly this argv, so it is dispatched directly, without the command tree; the
// engine configuration comes from the container's state directory.
#include <sys/stat.h>

#include "cli/process_state.hpp"
#include "cli/registry.hpp"
#include "engine/api/container.hpp"
#include "engine/api/monitor.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

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
        throw Error(Errc::InvalidArgument, "usage: tug __monitor NAMESPACE ID --state-dir DIR");
    }
    engine::EngineConfig config = engine::monitor_engine_config(state_dir, positional[1]);
    // The monitor runs with the environment of the tug that started it: runc and the
    // health checks get that, as they would from the starting tug.
    cli::take_process_environment(config);
    // Not its umask, though: runc inherits it and creates a container's missing mount
    // points with it. The monitor is the container's daemon, and like dockerd (which sets
    // 022 at start) it makes what it makes as docker would, whatever shell started it.
    ::umask(022);
    return engine::monitor_main(config, positional[1], engine::kMonitorSyncFd, wait_attach);
}

// Reached only through the command tree (a global flag before __monitor): the same entry.
cli::Action setup(CLI::App& app) {
    app.allow_extras();
    return [&app](cli::Context&) { return monitor_entry(app.remaining()); };
}

const cli::Registrar reg{{.paths = {"__monitor"},
                          .summary = "Container monitor (internal)",
                          .usage = "NAMESPACE ID --state-dir DIR",
                          .hidden = true,
                          .setup = setup,
                          .direct = monitor_entry}};

}  // namespace
}  // namespace tug::commands
