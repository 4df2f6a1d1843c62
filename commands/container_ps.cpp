// tug ps: list containers with docker's columns, filters and templates.
#include <ctime>

#include "cli/output/format.hpp"
#include "cli/output/human.hpp"
#include "cli/registry.hpp"
#include "engine/api/container.hpp"
#include "engine/api/container_tools.hpp"
#include "engine/base/error.hpp"
#include "engine/container/network_setup.hpp"
#include "engine/container/status_text.hpp"
#include "engine/logs/timestamp.hpp"

namespace tug::commands {
namespace {

using nlohmann::json;

struct Flags {
    bool all = false, quiet = false, latest = false, no_trunc = false, size = false;
    int last = -1;
    std::vector<std::string> filters;
    std::string format;
};

std::string created_at(const std::string& rfc) {
    auto ns = engine::logs::parse_rfc3339_ns(rfc).value_or(0);
    time_t t = static_cast<time_t>(ns / 1000000000);
    struct tm tm {};
    gmtime_r(&t, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
    return buf;
}

json row_of(const json& rec, bool no_trunc, int64_t now) {
    const std::string id = rec["Id"];
    std::string labels;
    if (rec["Config"].contains("Labels") && rec["Config"]["Labels"].is_object())
        for (auto& [k, v] : rec["Config"]["Labels"].items())
            labels += (labels.empty() ? "" : ",") + k + "=" + v.get<std::string>();
    const auto created_ns = engine::logs::parse_rfc3339_ns(rec["Created"].get<std::string>()).value_or(now);
    std::string network = rec["HostConfig"].value("NetworkMode", std::string());
    return {
        {"ID", no_trunc ? id : id.substr(0, 12)},
        {"Image", rec["Config"].value("Image", std::string())},
        {"Command", engine::container::command_text(rec, no_trunc)},
        {"CreatedAt", created_at(rec["Created"])},
        {"RunningFor", engine::container::human_duration(now - created_ns) + " ago"},
        {"Ports", engine::container::ports_text(rec)},
        {"State", rec["State"].value("Status", std::string())},
        {"Status", engine::container::status_text(rec["State"], now)},
        {"Size", "0B"},
        {"Names", rec["Name"].get<std::string>().substr(1)},
        {"Labels", labels},
        {"Mounts", ""},
        {"Networks", network},
        {"LocalVolumes", "0"},
    };
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_flag("-a,--all", f->all, "Show all containers (default shows just running)");
    app.add_flag("-q,--quiet", f->quiet, "Only display container IDs");
    app.add_flag("-l,--latest", f->latest, "Show the latest created container (includes all states)");
    app.add_option("-n,--last", f->last, "Show n last created containers (includes all states)");
    app.add_flag("--no-trunc", f->no_trunc, "Don't truncate output");
    app.add_flag("-s,--size", f->size, "Display total file sizes");
    app.add_option("-f,--filter", f->filters, "Filter output based on conditions provided")->allow_extra_args(false);
    app.add_option("--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        engine::ContainerListOptions o;
        o.all = f->all;
        o.last = f->latest ? 1 : f->last;
        for (const auto& flt : f->filters) {
            auto eq = flt.find('=');
            if (eq == std::string::npos)
                throw Error(Errc::InvalidArgument, "bad format of filter (expected name=value)");
            o.filters.emplace(flt.substr(0, eq), flt.substr(eq + 1));
        }
        auto recs = engine::container_list(ctx.config, o);
        const int64_t now = engine::logs::to_ns(engine::logs::Clock::now());
        if (f->quiet) {
            for (const auto& r : recs) {
                const std::string id = r["Id"];
                ctx.out << (f->no_trunc ? id : id.substr(0, 12)) << "\n";
            }
            return 0;
        }
        cli::output::Listing l;
        for (const auto& r : recs) l.rows.push_back(row_of(r, f->no_trunc, now));
        if (f->size) {
            // docker's "2B (virtual 4.26MB)": what the container wrote, then with its image.
            const auto sizes = engine::container_sizes(ctx.config, recs);
            for (size_t i = 0; i < sizes.size(); ++i)
                l.rows[i]["Size"] = cli::output::human_size(sizes[i].rw) +
                                    (sizes[i].root_fs > 0 ? " (virtual " + cli::output::human_size(sizes[i].root_fs) + ")" : "");
        }
        l.default_format =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
        if (f->size) l.default_format += "\t{{.Size}}";
        l.headers = {{"ID", "CONTAINER ID"}, {"Image", "IMAGE"},     {"Command", "COMMAND"},
                     {"RunningFor", "CREATED"}, {"Status", "STATUS"}, {"Ports", "PORTS"},
                     {"Names", "NAMES"},        {"CreatedAt", "CREATED AT"}, {"Size", "SIZE"},
                     {"State", "STATE"},        {"Labels", "LABELS"}, {"Networks", "NETWORKS"}};
        cli::output::render_listing(ctx.out, l, f->format);
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"container ls", "container ps", "container list", "ps"},
                          .summary = "List containers",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
