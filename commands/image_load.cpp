// tug load: images from a tar archive (-i file, or stdin), any supported format.
#include <fcntl.h>
#include <unistd.h>

#include "cli/registry.hpp"
#include "engine/api/archive.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string input;
    bool quiet = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("-i,--input", f->input, "Read from tar archive file, instead of STDIN");
    app.add_flag("-q,--quiet", f->quiet, "Suppress the load output");
    return [f](cli::Context& ctx) {
        engine::ImageLoadOptions opts;
        base::UniqueFd fd;
        if (f->input.empty() || f->input == "-") {
            if (ctx.stdin_is_tty)
                throw Error(Errc::InvalidArgument,
                            "requested load from stdin, but stdin is empty");
            opts.in_fd = STDIN_FILENO;
        } else {
            fd = base::open_fd(f->input.c_str(), O_RDONLY);
            opts.in_fd = fd.get();
        }
        // -q only silences progress; the "Loaded image" lines are the result.
        for (const auto& line : engine::image_load(ctx.config, opts).lines) ctx.out << line << '\n';
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image load", "load"},
                          .summary = "Load an image from a tar archive or STDIN",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
