// tug system boot: run once at boot (contrib/systemd/tug-boot.service) to bring back the
// containers whose restart policy asks for it. Silent on success, one line per failure.
#include "cli/registry.hpp"
#include "engine/api/container_boot.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App&) {
    return [](cli::Context& ctx) {
        const auto report = engine::system_boot(ctx.config);
        for (const auto& f : report.failures)
            ctx.err << "tug: start container " << f.container << ": " << f.error << "\n";
        return report.failures.empty() ? 0 : 1;
    };
}

const cli::Registrar reg{{.paths = {"system boot"},
                          .summary = "Start the containers whose restart policy asks for it after a reboot",
                          .usage = "",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
