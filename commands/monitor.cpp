// tug __monitor NAMESPACE ID --state-dir DIR [--wait-attach]: the monitor's entry within
// tug itself, for when tug-monitor is not installed beside tug (and for the lifecycle
// tests, whose program re-executes itself). Dispatched directly, without the command tree.
#include "cli/monitor_entry.hpp"
#include "cli/registry.hpp"

namespace tug::commands {
namespace {

// Reached only through the command tree (a global flag before __monitor): the same entry.
cli::Action setup(CLI::App& app) {
    app.allow_extras();
    return [&app](cli::Context&) { return cli::monitor_entry(app.remaining()); };
}

const cli::Registrar reg{{.paths = {"__monitor"},
                          .summary = "Container monitor (internal)",
                          .usage = "NAMESPACE ID --state-dir DIR",
                          .hidden = true,
                          .setup = setup,
                          .direct = cli::monitor_entry}};

}  // namespace
}  // namespace tug::commands
