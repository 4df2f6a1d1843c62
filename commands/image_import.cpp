// tug import: a rootfs tarball (file or "-" for stdin) as a one-layer image.
#include <fcntl.h>
#include <unistd.h>

#include "cli/registry.hpp"
#include "engine/api/archive.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string source;
    std::string reference;
    std::vector<std::string> changes;
    std::string message;
    std::string platform;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("file", f->source, "File, or - for STDIN")->required();
    app.add_option("reference", f->reference, "REPOSITORY[:TAG]");
    app.add_option("-c,--change", f->changes, "Apply Dockerfile instruction to the created image")
        ->allow_extra_args(false);
    app.add_option("-m,--message", f->message, "Set commit message for imported image");
    app.add_option("--platform", f->platform, "Set platform if server is multi-platform capable");
    return [f](cli::Context& ctx) {
        engine::ImageImportOptions opts;
        opts.source = f->source;
        opts.in_fd = STDIN_FILENO;
        // The file is the CLI's to open: a relative path names one in its directory.
        base::UniqueFd file;
        if (f->source != "-") {
            file = with_context("import " + f->source,
                                [&] { return base::open_fd(f->source.c_str(), O_RDONLY); });
            opts.in_fd = file.get();
        }
        opts.reference = f->reference;
        opts.changes = f->changes;
        opts.message = f->message;
        opts.platform = f->platform;
        ctx.out << engine::image_import(ctx.config, opts) << '\n';
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image import", "import"},
                          .summary = "Import the contents from a tarball to create a filesystem image",
                          .usage = "[OPTIONS] file|- [REPOSITORY[:TAG]]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
