// Shared inspect command body for networks and volumes.
#include "commands/inspect_objects.hpp"

#include "cli/output/format.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {

namespace {
struct Flags {
    std::vector<std::string> names;
    std::string format;
};
}  // namespace

cli::Action inspect_objects_setup(CLI::App& app, const std::string& noun, InspectOne inspect) {
    auto f = std::make_shared<Flags>();
    app.add_option(noun, f->names, noun)->required();
    app.add_option("-f,--format", f->format, "Format output using a custom template");
    return [f, inspect = std::move(inspect)](cli::Context& ctx) {
        std::vector<nlohmann::json> found;
        int rc = 0;
        for (const auto& n : f->names) {
            try {
                found.push_back(inspect(ctx.config, n));
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

}  // namespace tug::commands
