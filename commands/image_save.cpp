// tug save: images to a tar archive (-o file, or stdout when it is not a terminal).
#include "cli/registry.hpp"
#include "commands/archive_output.hpp"
#include "engine/api/archive.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> images;
    std::string output;
    std::string format;
    std::string platform;
    bool all_platforms = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("images", f->images, "Images")->required();
    app.add_option("-o,--output", f->output, "Write to a file, instead of STDOUT");
    app.add_option("--format", f->format, "Archive format: docker-archive or oci-archive (default: both in one)");
    app.add_option("--platform", f->platform, "Save only the manifest of this platform (os/arch[/variant])");
    app.add_flag("--all-platforms", f->all_platforms, "Save every platform of multi-platform images");
    return [f](cli::Context& ctx) {
        engine::ImageSaveOptions opts;
        opts.images = f->images;
        opts.format = engine::parse_archive_format(f->format);
        opts.platform = f->platform;
        opts.all_platforms = f->all_platforms;
        write_archive_output(ctx, f->output, [&](int fd) {
            opts.out_fd = fd;
            engine::image_save(ctx.config, opts);
        });
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image save", "save"},
                          .summary = "Save one or more images to a tar archive (streamed to STDOUT by default)",
                          .usage = "[OPTIONS] IMAGE [IMAGE...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
