// tug manifest create: a local manifest list from images in a registry (or the local store).
#include "cli/registry.hpp"
#include "engine/api/manifest.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> args;
    bool amend = false;
    bool insecure = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("args", f->args, "MANIFEST_LIST MANIFEST...")->required()->expected(2, -1);
    app.add_flag("-a,--amend", f->amend, "Amend an existing manifest list");
    app.add_flag("--insecure", f->insecure, "Allow communication with an insecure registry");
    return [f](cli::Context& ctx) {
        engine::ManifestCreateOptions opts;
        opts.list = f->args.front();
        opts.manifests.assign(f->args.begin() + 1, f->args.end());
        opts.amend = f->amend;
        opts.insecure = f->insecure;
        ctx.out << "Created manifest list " << engine::manifest_create(ctx.config, opts) << '\n';
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"manifest create"},
                          .summary = "Create a local manifest list for annotating and pushing to a registry",
                          .usage = "[OPTIONS] MANIFEST_LIST MANIFEST [MANIFEST...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
