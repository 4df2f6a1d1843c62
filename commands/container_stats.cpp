// tug stats: a live table of containers' CPU, memory, network, block I/O and pids
// (docker stats), refreshed each second until interrupted, or once with --no-stream.
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include "cli/output/format.hpp"
#include "cli/output/human.hpp"
#include "cli/registry.hpp"
#include "engine/api/container_tools.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    bool all = false, no_stream = false, no_trunc = false;
    std::string format;
    std::vector<std::string> containers;
};

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", v);
    return buf;
}

std::string pair_of(const std::string& a, const std::string& b) { return a + " / " + b; }

nlohmann::json row_of(const engine::ContainerStats* before, const engine::ContainerStats& s, bool no_trunc) {
    using cli::output::bytes_size;
    using cli::output::human_size;
    const auto i64 = [](uint64_t v) { return static_cast<int64_t>(v); };
    const std::string id = no_trunc ? s.id : s.id.substr(0, 12);
    return {
        {"Container", s.ref == s.id ? id : s.ref},
        {"ID", id},
        {"Name", s.name},
        {"CPUPerc", percent(before ? engine::cpu_percent(*before, s) : 0)},
        {"MemUsage", pair_of(bytes_size(i64(s.memory)), bytes_size(i64(s.memory_limit)))},
        {"MemPerc", percent(engine::memory_percent(s))},
        {"NetIO", pair_of(human_size(i64(s.net_rx)), human_size(i64(s.net_tx)))},
        {"BlockIO", pair_of(human_size(i64(s.block_read)), human_size(i64(s.block_write)))},
        {"PIDs", std::to_string(s.pids)},
    };
}

void render(std::ostream& out, const std::vector<engine::ContainerStats>& before,
            const std::vector<engine::ContainerStats>& now, const Flags& f) {
    std::map<std::string, const engine::ContainerStats*> prev;
    for (const auto& s : before) prev[s.id] = &s;
    cli::output::Listing l;
    for (const auto& s : now) {
        auto it = prev.find(s.id);
        l.rows.push_back(row_of(it == prev.end() ? nullptr : it->second, s, f.no_trunc));
    }
    l.default_format =
        "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    l.headers = {{"Container", "CONTAINER"},        {"ID", "CONTAINER ID"}, {"Name", "NAME"},
                 {"CPUPerc", "CPU %"},              {"MemUsage", "MEM USAGE / LIMIT"},
                 {"MemPerc", "MEM %"},              {"NetIO", "NET I/O"},   {"BlockIO", "BLOCK I/O"},
                 {"PIDs", "PIDS"}};
    cli::output::render_listing(out, l, f.format);
}

bool any_running(const std::vector<engine::ContainerStats>& v) {
    for (const auto& s : v)
        if (s.running) return true;
    return false;
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("containers", f->containers, "Containers");
    app.add_flag("-a,--all", f->all, "Show all containers (default shows just running)");
    app.add_option("--format", f->format, "Format output using a custom template");
    app.add_flag("--no-stream", f->no_stream, "Disable streaming stats and only pull the first result");
    app.add_flag("--no-trunc", f->no_trunc, "Do not truncate output");
    return [f](cli::Context& ctx) {
        engine::ContainerStatsOptions o;
        o.containers = f->containers;
        o.all = f->all;
        std::vector<engine::ContainerStats> before;
        try {
            before = engine::container_stats(ctx.config, o);
        } catch (const Error& e) {
            ctx.err << "Error response from daemon: " << e.message() << "\n";
            return 1;
        }
        // docker samples once a second; the CPU percentage needs two samples.
        for (;;) {
            if (f->no_stream && !any_running(before)) {
                render(ctx.out, before, before, *f);
                return 0;
            }
            std::this_thread::sleep_for(std::chrono::seconds(1));
            std::vector<engine::ContainerStats> now;
            try {
                now = engine::container_stats(ctx.config, o);
            } catch (const Error& e) {
                ctx.err << "Error response from daemon: " << e.message() << "\n";
                return 1;
            }
            if (!f->no_stream) ctx.out << "\033[2J\033[H";  // clear the screen, cursor home
            render(ctx.out, before, now, *f);
            ctx.out.flush();
            if (f->no_stream) return 0;
            before = std::move(now);
        }
    };
}

const cli::Registrar reg{{.paths = {"container stats", "stats"},
                          .summary = "Display a live stream of container(s) resource usage statistics",
                          .usage = "[OPTIONS] [CONTAINER...]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
