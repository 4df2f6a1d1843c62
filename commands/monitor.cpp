// tug __monitor: the hidden entry a container's monitor runs as (see engine/monitor).
#include "cli/registry.hpp"
#include "engine/api/container.hpp"
#include "engine/monitor/launch.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string ns, id;
    bool wait_attach = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("namespace", f->ns)->required();
    app.add_option("id", f->id)->required();
    app.add_flag("--wait-attach", f->wait_attach);
    return [f](cli::Context& ctx) {
        ctx.config.namespace_ = f->ns;
        return engine::monitor_main(ctx.config, f->id, engine::monitor::kSyncFd, f->wait_attach);
    };
}

const cli::Registrar reg{{.paths = {"__monitor"},
                          .summary = "Container monitor (internal)",
                          .usage = "NAMESPACE ID",
                          .hidden = true,
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
