// tug image inspect: docker's image JSON, or a --format template per image.
#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/api/image.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> images;
    std::string format;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("IMAGE", f->images, "Images to inspect")->required();
    app.add_option("-f,--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        std::vector<nlohmann::json> found;
        std::vector<std::string> errors;
        for (const auto& img : f->images) {
            try {
                found.push_back(engine::inspect_image(ctx.config, img));
            } catch (const Error& e) {
                if (e.code() != Errc::NotFound) throw;
                // docker's CLI names the image as it was given here.
                errors.push_back("No such image: " + img);
            }
        }
        // docker prints what it found (an empty array when nothing) before the errors.
        if (!found.empty() || f->format.empty()) cli::output::render_inspect(ctx.out, found, f->format);
        for (const auto& e : errors) ctx.err << "Error: " << e << "\n";
        return errors.empty() ? 0 : 1;
    };
}

const cli::Registrar reg{{.paths = {"image inspect"},
                          .summary = "Display detailed information on one or more images",
                          .usage = "[OPTIONS] IMAGE [IMAGE...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
