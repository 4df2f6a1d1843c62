// tug version: tug's and the runtime's versions.
#include <nlohmann/json.hpp>

#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/api/system.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string format;
};

nlohmann::json to_json(const engine::VersionReport& r) {
    return {{"Client",
             {{"Version", r.version},
              {"Os", "linux"},
              {"Arch", r.os_arch.substr(r.os_arch.find('/') + 1)},
              {"KernelVersion", r.kernel_version},
              {"Runtime", {{"Name", r.runtime}, {"Version", r.runtime_version}}}}}};
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("-f,--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        auto report = engine::system_version(ctx.config);
        if (!f->format.empty()) {
            if (f->format == "json") {
                ctx.out << to_json(report).dump() << "\n";
            } else {
                ctx.out << cli::output::render_template(f->format, to_json(report)) << "\n";
            }
            return 0;
        }
        ctx.out << "Client:\n"
                << " Version:           " << report.version << "\n"
                << " OS/Arch:           " << report.os_arch << "\n"
                << " Kernel Version:    " << report.kernel_version << "\n"
                << " Runtime:           " << report.runtime << " "
                << (report.runtime_version.empty() ? "(not found)" : report.runtime_version)
                << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"version", "system version"},
                          .summary = "Show the tug version information",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
