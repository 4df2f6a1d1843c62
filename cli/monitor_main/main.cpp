// tug-monitor: a container's monitor as its own small program (as conmon is to podman).
// It links only what the monitor reaches, not the command tree, so that it starts
// sooner and keeps fewer pages resident for the container's whole life.
#include <string>
#include <vector>

#include "cli/guarded.hpp"
#include "cli/monitor_entry.hpp"

int main(int argc, char** argv) {
    return tug::cli::run_guarded(
        [&] { return tug::cli::monitor_entry(std::vector<std::string>(argv + 1, argv + argc)); });
}
