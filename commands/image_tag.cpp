// tug tag: add a name to an image.
#include "cli/registry.hpp"
#include "engine/api/image.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string source, target;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("SOURCE_IMAGE[:TAG]", f->source, "Image to tag")->required();
    app.add_option("TARGET_IMAGE[:TAG]", f->target, "New name")->required();
    return [f](cli::Context& ctx) {
        engine::image_tag(ctx.config, f->source, f->target);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image tag", "tag"},
                          .summary = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
                          .usage = "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
