// tug image prune: remove unused images and the layers only they held.
#include "cli/registry.hpp"
#include "commands/prune_output.hpp"
#include "engine/api/image.hpp"

namespace tug::commands {
namespace {

struct Flags {
    bool all = false, force = false;
    std::vector<std::string> filters;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_flag("-a,--all", f->all, "Remove all unused images, not just dangling ones");
    app.add_flag("-f,--force", f->force, "Do not prompt for confirmation");
    app.add_option("--filter", f->filters, "Provide filter values (e.g. \"until=<timestamp>\")")->allow_extra_args(false);
    return [f](cli::Context& ctx) {
        if (!f->force &&
            !confirm_prune(ctx.out, f->all ? "WARNING! This will remove all images without at least one container "
                                             "associated to them.\n"
                                           : "WARNING! This will remove all dangling images.\n"))
            return 0;
        auto r = engine::image_prune(ctx.config, {f->all, f->filters});
        std::vector<std::string> lines;
        for (const auto& i : r.items) lines.push_back((i.deleted ? "deleted: " : "untagged: ") + i.value);
        print_pruned(ctx.out, "Images", lines, static_cast<int64_t>(r.reclaimed));
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image prune"},
                          .summary = "Remove unused images",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
