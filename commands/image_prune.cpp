// tug image prune: remove unused images and the layers only they held.
#include <iostream>

#include "cli/output/human.hpp"
#include "cli/registry.hpp"
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
        if (!f->force) {
            ctx.out << (f->all ? "WARNING! This will remove all images without at least one container associated to them.\n"
                               : "WARNING! This will remove all dangling images.\n")
                    << "Are you sure you want to continue? [y/N] ";
            ctx.out.flush();
            std::string answer;
            std::getline(std::cin, answer);
            if (answer != "y" && answer != "Y" && answer != "yes") return 0;
        }
        auto r = engine::image_prune(ctx.config, {f->all, f->filters});
        if (!r.items.empty()) {
            ctx.out << "Deleted Images:\n";
            for (const auto& i : r.items) ctx.out << (i.deleted ? "deleted: " : "untagged: ") << i.value << "\n";
            ctx.out << "\n";
        }
        ctx.out << "Total reclaimed space: " << cli::output::human_size(static_cast<int64_t>(r.reclaimed)) << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"image prune"},
                          .summary = "Remove unused images",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
