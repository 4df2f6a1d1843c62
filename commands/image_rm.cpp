// tug rmi / image rm: untag and delete images, docker's lines and conflicts.
#include "cli/registry.hpp"
#include "engine/api/image.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> images;
    bool force = false;
    bool no_prune = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("IMAGE", f->images, "Images to remove")->required();
    app.add_flag("-f,--force", f->force, "Force removal of the image");
    app.add_flag("--no-prune", f->no_prune, "Do not delete untagged parents");
    return [f](cli::Context& ctx) {
        int rc = 0;
        for (const auto& img : f->images) {
            try {
                for (const auto& item : engine::image_remove(ctx.config, {img, f->force}))
                    ctx.out << (item.deleted ? "Deleted: " : "Untagged: ") << item.value << "\n";
            } catch (const Error& e) {
                ctx.err << "Error response from daemon: " << e.message() << "\n";
                rc = 1;
            }
        }
        return rc;
    };
}

const cli::Registrar reg{{.paths = {"image rm", "image remove", "rmi"},
                          .summary = "Remove one or more images",
                          .usage = "[OPTIONS] IMAGE [IMAGE...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
