// tug container inspect, and tug inspect (a container first, then an image, as docker).
#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/api/container.hpp"
#include "engine/api/image.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::vector<std::string> names;
    std::string format, type;
    bool size = false;
};

int inspect(cli::Context& ctx, const Flags& f, bool containers_only) {
    std::vector<nlohmann::json> found;
    int rc = 0;
    for (const auto& n : f.names) {
        try {
            found.push_back(engine::container_inspect(ctx.config, n));
            continue;
        } catch (const Error& e) {
            if (e.code() != Errc::NotFound) throw;
        }
        try {
            if (containers_only) throw Error(Errc::NotFound, n);
            found.push_back(engine::inspect_image(ctx.config, n));
        } catch (const Error& e) {
            if (e.code() != Errc::NotFound) throw;
            ctx.err << (containers_only ? "Error: No such container: " : "Error: No such object: ") << n << "\n";
            rc = 1;
        }
    }
    cli::output::render_inspect(ctx.out, found, f.format);
    return rc;
}

cli::Action setup_container(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->names, "Containers")->required();
    app.add_option("-f,--format", f->format, "Format output using a custom template");
    app.add_flag("-s,--size", f->size, "Display total file sizes");
    return [f](cli::Context& ctx) { return inspect(ctx, *f, true); };
}

cli::Action setup_any(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("names", f->names, "Objects")->required();
    app.add_option("-f,--format", f->format, "Format output using a custom template");
    app.add_option("--type", f->type, "Only inspect objects of the given type");
    app.add_flag("-s,--size", f->size, "Display total file sizes");
    return [f](cli::Context& ctx) {
        if (!f->type.empty() && f->type != "container" && f->type != "image")
            throw Error(Errc::InvalidArgument, "\"" + f->type + "\" is not a valid value for --type");
        return inspect(ctx, *f, f->type == "container");
    };
}

const cli::Registrar reg_container{{.paths = {"container inspect"},
                                    .summary = "Display detailed information on one or more containers",
                                    .usage = "[OPTIONS] CONTAINER [CONTAINER...]",
                                    .setup = setup_container}};
const cli::Registrar reg_any{{.paths = {"inspect"},
                              .summary = "Return low-level information on Docker objects",
                              .usage = "[OPTIONS] NAME|ID [NAME|ID...]",
                              .setup = setup_any}};

}  // namespace
}  // namespace tug::commands
