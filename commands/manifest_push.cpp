// tug manifest push: a local manifest list to its registry; prints the list's digest.
#include "cli/registry.hpp"
#include "engine/api/manifest.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string list;
    bool purge = false;
    bool insecure = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("list", f->list, "Manifest list")->required();
    app.add_flag("-p,--purge", f->purge, "Remove the local manifest list after push");
    app.add_flag("--insecure", f->insecure, "Allow push to an insecure registry");
    return [f](cli::Context& ctx) {
        ctx.out << engine::manifest_push(ctx.config, {f->list, f->purge, f->insecure}) << '\n';
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"manifest push"},
                          .summary = "Push a manifest list to a repository",
                          .usage = "[OPTIONS] MANIFEST_LIST",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
