// tug volume create: create a volume and print its name.
#include "cli/registry.hpp"
#include "engine/api/volume.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string positional, name, driver = "local";
    std::vector<std::string> labels, opts;
};

std::map<std::string, std::string> to_map(const std::vector<std::string>& kvs) {
    std::map<std::string, std::string> m;
    for (const auto& kv : kvs) {
        auto eq = kv.find('=');
        m[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
    return m;
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("volume", f->positional, "Volume name");
    app.add_option("-d,--driver", f->driver, "Specify volume driver name");
    app.add_option("--label", f->labels, "Set metadata for a volume")->allow_extra_args(false);
    app.add_option("-o,--opt", f->opts, "Set driver specific options")->allow_extra_args(false);
    app.add_option("--name", f->name, "Specify volume name")->group("");
    return [f](cli::Context& ctx) {
        if (!f->name.empty() && !f->positional.empty() && f->name != f->positional)
            throw Error(Errc::InvalidArgument,
                        "conflicting options: either specify --name or provide positional arg, not both");
        engine::VolumeCreateOptions o;
        o.name = f->positional.empty() ? f->name : f->positional;
        o.driver = f->driver;
        o.labels = to_map(f->labels);
        o.options = to_map(f->opts);
        ctx.out << engine::volume_create(ctx.config, o) << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"volume create"},
                          .summary = "Create a volume",
                          .usage = "[OPTIONS] [VOLUME]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
