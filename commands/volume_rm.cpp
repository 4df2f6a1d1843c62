// tug volume rm: remove volumes, printing each name; in-use volumes are refused.
#include "cli/registry.hpp"
#include "engine/api/volume.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> names;
    bool force = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("volumes", f->names, "Volumes")->required();
    app.add_flag("-f,--force", f->force, "Force the removal of one or more volumes");
    return [f](cli::Context& ctx) {
        int rc = 0;
        for (const auto& r : engine::volume_remove(ctx.config, f->names, f->force)) {
            if (!r.error.empty()) {
                ctx.err << "Error response from daemon: " << r.error << "\n";
                rc = 1;
            } else {
                ctx.out << r.name << "\n";
            }
        }
        return rc;
    };
}

const cli::Registrar reg{{.paths = {"volume rm", "volume remove"},
                          .summary = "Remove one or more volumes",
                          .usage = "[OPTIONS] VOLUME [VOLUME...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
