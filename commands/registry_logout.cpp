// tug logout: remove stored registry credentials.
#include "cli/registry.hpp"
#include "engine/api/registry.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    auto server = std::make_shared<std::string>();
    app.add_option("SERVER", *server, "Registry server (default: Docker Hub)");
    return [server](cli::Context& ctx) {
        try {
            // Printed whether or not credentials were stored, as current docker does.
            auto report = engine::registry_logout(ctx.config, {*server});
            ctx.out << "Removing login credentials for " << report.server_key << "\n";
            return 0;
        } catch (const Error& e) {
            ctx.err << "tug: " << e.message() << "\n";
            return 1;
        }
    };
}

const cli::Registrar reg{{.paths = {"logout"},
                          .summary = "Log out from a registry",
                          .usage = "[SERVER]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
