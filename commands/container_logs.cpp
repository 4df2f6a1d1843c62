// tug logs: a container's json-file log, stdout to stdout and stderr to stderr.
#include "cli/registry.hpp"
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string container, tail = "all";
    std::optional<std::string> since, until;
    bool follow = false, timestamps = false, details = false;
};

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("container", f->container, "Container")->required();
    app.add_flag("-f,--follow", f->follow, "Follow log output");
    app.add_option("-n,--tail", f->tail, "Number of lines to show from the end of the logs");
    app.add_flag("-t,--timestamps", f->timestamps, "Show timestamps");
    app.add_option("--since", f->since, "Show logs since timestamp or relative (e.g. 42m)");
    app.add_option("--until", f->until, "Show logs before a timestamp or relative (e.g. 42m)");
    app.add_flag("--details", f->details, "Show extra details provided to logs");
    return [f](cli::Context& ctx) {
        engine::ContainerLogsOptions o;
        o.container = f->container;
        o.follow = f->follow;
        o.since = f->since;
        o.until = f->until;
        if (f->tail != "all") {
            try {
                long n = std::stol(f->tail);
                if (n >= 0) o.tail = static_cast<size_t>(n);
            } catch (...) {
                throw Error(Errc::InvalidArgument, "invalid value for tail: \"" + f->tail + "\"");
            }
        }
        ctx.out.flush();
        const bool ts = f->timestamps;
        engine::LogSink sink{[ts](std::string_view stream, std::string_view text, std::string_view time) {
            std::string line;
            if (ts) {
                line.append(time);
                line += ' ';
            }
            line.append(text);
            try {
                base::write_all(stream == "stderr" ? 2 : 1, line.data(), line.size());
            } catch (...) {
            }
        }};
        engine::container_logs(ctx.config, o, sink);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container logs", "logs"},
                          .summary = "Fetch the logs of a container",
                          .usage = "[OPTIONS] CONTAINER",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
