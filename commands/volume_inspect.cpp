// tug volume inspect: docker's JSON (or --format) for each volume.
#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/api/volume.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> names;
    std::string format;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("volumes", f->names, "Volumes")->required();
    app.add_option("-f,--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        std::vector<nlohmann::json> found;
        int rc = 0;
        for (const auto& n : f->names) {
            try {
                found.push_back(engine::volume_inspect(ctx.config, n));
            } catch (const Error& e) {
                if (e.code() != Errc::NotFound) throw;
                ctx.err << "Error: " << e.message() << "\n";
                rc = 1;
            }
        }
        cli::output::render_inspect(ctx.out, found, f->format);
        return rc;
    };
}

const cli::Registrar reg{{.paths = {"volume inspect"},
                          .summary = "Display detailed information on one or more volumes",
                          .usage = "[OPTIONS] VOLUME [VOLUME...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
