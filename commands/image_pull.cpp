// tug pull: download an image from a registry, with docker's progress and final lines.
#include "cli/registry.hpp"
#include "commands/image_progress.hpp"
#include "engine/api/image.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string image;
    std::string platform;
    bool all_platforms = false;
    bool quiet = false;
    bool all_tags = false;
    bool disable_content_trust = true;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("NAME[:TAG|@DIGEST]", f->image, "Image to pull")->required();
    app.add_option("--platform", f->platform, "Set platform if server is multi-platform capable");
    app.add_flag("--all-platforms", f->all_platforms, "Pull content for all platforms of a multi-platform image");
    app.add_flag("-q,--quiet", f->quiet, "Suppress verbose output");
    app.add_flag("-a,--all-tags", f->all_tags, "Download all tagged images in the repository");
    app.add_flag("--disable-content-trust", f->disable_content_trust, "Skip image verification (default true)");
    return [f](cli::Context& ctx) {
        if (f->all_tags) throw Error(Errc::NotImplemented, "--all-tags is not supported");
        ProgressPrinter printer(ctx.out, ctx.stdout_is_tty);
        engine::ImagePullOptions o;
        o.reference = f->image;
        o.platform = f->platform;
        o.all_platforms = f->all_platforms;
        o.progress = f->quiet ? nullptr : &printer;
        auto r = engine::image_pull(ctx.config, o);
        if (!f->quiet) {
            ctx.out << "Digest: " << r.digest << "\n";
            ctx.out << "Status: " << (r.up_to_date ? "Image is up to date for " : "Downloaded newer image for ")
                    << r.familiar << "\n";
        }
        ctx.out << r.reference << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image pull", "pull"},
                          .summary = "Download an image from a registry",
                          .usage = "[OPTIONS] NAME[:TAG|@DIGEST]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
