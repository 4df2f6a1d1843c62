// tug network prune: remove every user network without containers, docker's output.
#include <iostream>

#include "cli/registry.hpp"
#include "engine/api/network.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    auto force = std::make_shared<bool>(false);
    app.add_flag("-f,--force", *force, "Do not prompt for confirmation");
    return [force](cli::Context& ctx) {
        if (!*force) {
            ctx.out << "WARNING! This will remove all custom networks not used by at least one container.\n"
                    << "Are you sure you want to continue? [y/N] " << std::flush;
            std::string answer;
            std::getline(std::cin, answer);
            if (answer != "y" && answer != "Y") return 0;
        }
        auto removed = engine::network_prune(ctx.config);
        if (!removed.empty()) {
            ctx.out << "Deleted Networks:\n";
            for (const auto& n : removed) ctx.out << n << "\n";
        }
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"network prune"},
                          .summary = "Remove all unused networks",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
