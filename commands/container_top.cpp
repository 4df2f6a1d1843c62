// tug top: the running processes of a container (docker top), ps options passed through.
#include "cli/arg_count.hpp"
#include "cli/output/tabwriter.hpp"
#include "cli/registry.hpp"
#include "engine/api/container_tools.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

std::string join(const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) s += (i ? "\t" : "") + cells[i];
    return s + "\n";
}

cli::Action setup(CLI::App& app) {
    // Everything after the container belongs to ps ("-o pid,comm", "aux").
    app.prefix_command();
    return [&app](cli::Context& ctx) {
        auto rest = app.remaining();
        cli::require_args(rest, {.min = 1});
        const std::vector<std::string> ps_args(rest.begin() + 1, rest.end());
        engine::ContainerTopReport r;
        try {
            r = engine::container_top(ctx.config, rest[0], ps_args);
        } catch (const Error& e) {
            ctx.err << "Error response from daemon: " << e.message() << "\n";
            return 1;
        }
        std::string text = join(r.titles);
        for (const auto& p : r.processes) text += join(p);
        // docker's top table: tabwriter.NewWriter(out, 20, 1, 3, ' ', 0).
        ctx.out << cli::output::tabwrite(text, 20, 3);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container top", "top"},
                          .summary = "Display the running processes of a container",
                          .usage = "CONTAINER [ps OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
