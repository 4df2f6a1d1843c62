// tug push: upload an image to a registry, with docker's progress and digest line.
#include "cli/registry.hpp"
#include "commands/image_progress.hpp"
#include "engine/api/image.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string image;
    bool all_platforms = false;
    bool quiet = false;
    bool all_tags = false;
    bool disable_content_trust = true;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("NAME[:TAG]", f->image, "Image to push")->required();
    app.add_flag("--all-platforms", f->all_platforms, "Push all platforms of the index the image came from");
    app.add_flag("-q,--quiet", f->quiet, "Suppress verbose output");
    app.add_flag("-a,--all-tags", f->all_tags, "Push all tags of an image to the repository");
    app.add_flag("--disable-content-trust", f->disable_content_trust, "Skip image signing (default true)");
    return [f](cli::Context& ctx) {
        if (f->all_tags) throw Error(Errc::NotImplemented, "--all-tags is not supported");
        ProgressPrinter printer(ctx.out, ctx.stdout_is_tty);
        engine::ImagePushOptions o;
        o.reference = f->image;
        o.all_platforms = f->all_platforms;
        o.progress = f->quiet ? nullptr : &printer;
        auto r = engine::image_push(ctx.config, o);
        if (f->quiet) {
            ctx.out << r.reference << "\n";
        } else {
            ctx.out << (r.tag.empty() ? r.digest : r.tag) << ": digest: " << r.digest << " size: " << r.size << "\n";
        }
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image push", "push"},
                          .summary = "Upload an image to a registry",
                          .usage = "[OPTIONS] NAME[:TAG]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
