// tug ps: list containers with docker's columns, filters and templates.
#include <chrono>
#include <ctime>
#include <optional>
#include <set>

#include "cli/output/container_text.hpp"
#include "cli/output/format.hpp"
#include "cli/output/human.hpp"
#include "cli/registry.hpp"
#include "engine/api/container.hpp"
#include "engine/api/container_tools.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

using nlohmann::json;

struct Flags {
    bool all = false, quiet = false, latest = false, no_trunc = false, size = false;
    int last = -1;
    std::vector<std::string> filters;
    std::string format;
};

std::string created_at(int64_t ns) {
    time_t t = static_cast<time_t>(ns / 1000000000);
    struct tm tm {};
    gmtime_r(&t, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
    return buf;
}

// The columns a row offers; `wanted` (from the --format) says which to compute: a
// listing of 1,000 containers pays only for what it prints.
using Wanted = std::optional<std::set<std::string>>;

json row_of(const engine::ContainerRecord& rec, bool no_trunc, int64_t now, const Wanted& wanted) {
    auto want = [&](const char* field) { return !wanted || wanted->contains(field); };
    // Filled field by field: an initializer list would copy every value once more, and
    // ps builds a row per container.
    json row = json::object();
    auto& o = row.get_ref<json::object_t&>();
    if (want("ID")) o.emplace("ID", no_trunc ? rec.id : rec.id.substr(0, 12));
    if (want("Image")) o.emplace("Image", rec.config.image);
    if (want("Command")) o.emplace("Command", cli::output::command_text(rec, no_trunc));
    if (want("CreatedAt")) o.emplace("CreatedAt", created_at(rec.created_ns));
    if (want("RunningFor"))
        o.emplace("RunningFor",
                  cli::output::human_duration(static_cast<double>(now - rec.created_ns) / 1e9) + " ago");
    if (want("Ports")) o.emplace("Ports", cli::output::ports_text(rec));
    if (want("State")) o.emplace("State", engine::container_status_name(rec.state.status));
    if (want("Status")) o.emplace("Status", cli::output::status_text(rec.state, now));
    if (want("Size")) o.emplace("Size", "0B");
    if (want("Names")) o.emplace("Names", rec.name);
    if (want("Labels")) {
        std::string labels;
        for (const auto& [k, v] : rec.config.labels)
            labels += (labels.empty() ? "" : ",") + k + "=" + v;
        o.emplace("Labels", std::move(labels));
    }
    if (want("Mounts")) o.emplace("Mounts", cli::output::mounts_text(rec, no_trunc));
    if (want("Networks")) {
        std::string networks;
        for (const auto& e : rec.endpoints)
            networks += (networks.empty() ? "" : ",") + e.network;
        o.emplace("Networks", std::move(networks));
    }
    if (want("LocalVolumes")) o.emplace("LocalVolumes", std::to_string(cli::output::local_volumes(rec)));
    return row;
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
        const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        if (f->quiet) {
            for (const auto& r : recs)
                ctx.out << (f->no_trunc ? r.id : r.id.substr(0, 12)) << "\n";
            return 0;
        }
        cli::output::Listing l;
        l.default_format =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
        if (f->size) l.default_format += "\t{{.Size}}";
        const Wanted wanted = cli::output::listing_fields(l.default_format, f->format);
        l.rows.reserve(recs.size());
        for (const auto& r : recs) l.rows.push_back(row_of(r, f->no_trunc, now, wanted));
        if (f->size) {
            // docker's "2B (virtual 4.26MB)": what the container wrote, then with its image.
            const auto sizes = engine::container_sizes(ctx.config, recs);
            for (size_t i = 0; i < sizes.size(); ++i)
                l.rows[i]["Size"] = cli::output::human_size(sizes[i].rw) +
                                    (sizes[i].root_fs > 0 ? " (virtual " + cli::output::human_size(sizes[i].root_fs) + ")" : "");
        }
        l.headers = {{"ID", "CONTAINER ID"}, {"Image", "IMAGE"},
                     {"Command", "COMMAND"}, {"RunningFor", "CREATED"},
                     {"Status", "STATUS"},   {"Ports", "PORTS"},
                     {"Names", "NAMES"},     {"CreatedAt", "CREATED AT"},
                     {"Size", "SIZE"},       {"State", "STATE"},
                     {"Labels", "LABELS"},   {"Networks", "NETWORKS"},
                     {"Mounts", "MOUNTS"},   {"LocalVolumes", "LOCAL VOLUMES"}};
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
