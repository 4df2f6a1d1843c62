// tug manifest inspect: a manifest or manifest list, local or in a registry.
#include "cli/registry.hpp"
#include "engine/api/manifest.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> args;
    bool verbose = false;
    bool insecure = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("args", f->args, "[MANIFEST_LIST] MANIFEST")->required()->expected(1, 2);
    app.add_flag("-v,--verbose", f->verbose, "Output additional info including layers and platform");
    app.add_flag("--insecure", f->insecure, "Allow communication with an insecure registry");
    return [f](cli::Context& ctx) {
        engine::ManifestInspectOptions opts;
        if (f->args.size() == 2) opts.list = f->args[0];
        opts.manifest = f->args.back();
        opts.verbose = f->verbose;
        opts.insecure = f->insecure;
        ctx.out << engine::manifest_inspect(ctx.config, opts) << '\n';
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"manifest inspect"},
                          .summary = "Display an image manifest, or manifest list",
                          .usage = "[OPTIONS] [MANIFEST_LIST] MANIFEST",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
