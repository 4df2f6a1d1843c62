// tug manifest rm: delete local manifest lists.
#include "cli/registry.hpp"
#include "engine/api/manifest.hpp"

namespace tug::commands {
namespace {

cli::Action setup(CLI::App& app) {
    auto lists = std::make_shared<std::vector<std::string>>();
    app.add_option("lists", *lists, "Manifest lists")->required();
    return [lists](cli::Context& ctx) {
        engine::manifest_remove(ctx.config, *lists);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"manifest rm"},
                          .summary = "Delete one or more manifest lists from local storage",
                          .usage = "MANIFEST_LIST [MANIFEST_LIST...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
