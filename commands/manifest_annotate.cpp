// tug manifest annotate: set the platform of an entry of a local manifest list.
#include "cli/registry.hpp"
#include "engine/api/manifest.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string list, manifest;
    engine::ManifestAnnotateOptions opts;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("list", f->list, "Manifest list")->required();
    app.add_option("manifest", f->manifest, "Manifest")->required();
    app.add_option("--os", f->opts.os, "Set operating system");
    app.add_option("--arch", f->opts.arch, "Set architecture");
    app.add_option("--variant", f->opts.variant, "Set architecture variant");
    app.add_option("--os-version", f->opts.os_version, "Set operating system version");
    app.add_option("--os-features", f->opts.os_features, "Set operating system feature")->delimiter(',');
    return [f](cli::Context& ctx) {
        engine::ManifestAnnotateOptions opts = f->opts;
        opts.list = f->list;
        opts.manifest = f->manifest;
        engine::manifest_annotate(ctx.config, opts);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"manifest annotate"},
                          .summary = "Add additional information to a local image manifest",
                          .usage = "[OPTIONS] MANIFEST_LIST MANIFEST",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
