// tug save: images to a tar archive (-o file, or stdout when it is not a terminal).
#include <fcntl.h>
#include <unistd.h>

#include "cli/registry.hpp"
#include "engine/api/archive.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

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
        if (f->output.empty()) {
            if (ctx.stdout_is_tty)
                throw Error(Errc::InvalidArgument,
                            "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            ctx.out.flush();
            opts.out_fd = STDOUT_FILENO;
            engine::image_save(ctx.config, opts);
            return 0;
        }
        // Written beside the target and renamed, so a failed save leaves no partial file.
        const std::string tmp = f->output + ".tmp-" + std::to_string(::getpid());
        base::UniqueFd fd = base::open_fd(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        try {
            opts.out_fd = fd.get();
            engine::image_save(ctx.config, opts);
            if (::fsync(fd.get()) != 0) throw sys_error("fsync " + tmp);
            fd.reset();
            if (::rename(tmp.c_str(), f->output.c_str()) != 0) throw sys_error("rename " + f->output);
        } catch (...) {
            ::unlink(tmp.c_str());
            throw;
        }
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image save", "save"},
                          .summary = "Save one or more images to a tar archive (streamed to STDOUT by default)",
                          .usage = "[OPTIONS] IMAGE [IMAGE...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
