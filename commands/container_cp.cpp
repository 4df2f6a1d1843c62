// tug cp: copy files between a container and the host (docker cp), either way, "-" for a
// tar stream on stdin or stdout.
#include <unistd.h>

#include "cli/output/human.hpp"
#include "cli/process_state.hpp"
#include "cli/registry.hpp"
#include "engine/api/container_tools.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string src, dst;
    bool archive = false, follow_link = false, quiet = false;
};

// docker's splitCpArg: "name:path" names a container unless the argument is an absolute
// path or starts with "." (so "./file:x" is a local file).
std::pair<std::string, std::string> split_arg(const std::string& arg) {
    if (!arg.empty() && arg[0] == '/') return {"", arg};
    auto colon = arg.find(':');
    if (colon == std::string::npos || arg[0] == '.') return {"", arg};
    return {arg.substr(0, colon), arg.substr(colon + 1)};
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("src", f->src, "CONTAINER:SRC_PATH or SRC_PATH or -")->required();
    app.add_option("dst", f->dst, "DEST_PATH or CONTAINER:DEST_PATH or -")->required();
    app.add_flag("-a,--archive", f->archive, "Archive mode (copy all uid/gid information)");
    app.add_flag("-L,--follow-link", f->follow_link, "Always follow symbol link in SRC_PATH");
    app.add_flag("-q,--quiet", f->quiet,
                 "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached");
    return [f](cli::Context& ctx) {
        auto [src_c, src_p] = split_arg(f->src);
        auto [dst_c, dst_p] = split_arg(f->dst);
        // docker's CLI checks these itself: plain messages, exit 1.
        std::string usage_error;
        if (src_p.empty()) usage_error = "source can not be empty";
        else if (dst_p.empty()) usage_error = "destination can not be empty";
        else if (!src_c.empty() && !dst_c.empty()) usage_error = "copying between containers is not supported";
        else if (src_c.empty() && dst_c.empty()) usage_error = "must specify at least one container source";
        if (!usage_error.empty()) {
            ctx.err << usage_error << "\n";
            return 1;
        }
        engine::ContainerCopyOptions o;
        o.to_container = !dst_c.empty();
        o.container = o.to_container ? dst_c : src_c;
        o.container_path = o.to_container ? dst_p : src_p;
        // docker's CLI makes the local path absolute (keeping a trailing "/" or "/.").
        o.host_path = cli::absolute_path(o.to_container ? src_p : dst_p);
        o.archive = f->archive;
        o.follow_link = f->follow_link;
        ctx.out.flush();
        engine::ContainerCopyReport r;
        try {
            r = engine::container_copy(ctx.config, o);
        } catch (const Error& e) {
            // What docker's daemon would have refused carries its prefix; the CLI's own
            // checks (host paths, copy rules) do not. Both exit 1.
            const bool daemon = e.code() == Errc::NotFound || e.code() == Errc::FailedPrecondition;
            ctx.err << (daemon ? "Error response from daemon: " : "") << e.message() << "\n";
            return 1;
        }
        if (!f->quiet && o.host_path != "-" && ::isatty(STDERR_FILENO))
            ctx.err << "Successfully copied " << cli::output::human_size(static_cast<int64_t>(r.bytes)) << " to "
                    << f->dst << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container cp", "cp"},
                          .summary = "Copy files/folders between a container and the local filesystem",
                          .usage = "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|- | SRC_PATH|- CONTAINER:DEST_PATH",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
