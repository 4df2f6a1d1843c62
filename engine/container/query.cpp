// container_list, container_inspect and id resolution: records as docker shows them.
#include <algorithm>
#include <optional>
#include <set>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/list_filters.hpp"
#include "engine/container/store.hpp"
#include "engine/health/state.hpp"

namespace tug::engine {

using nlohmann::json;

namespace {

// The record as docker's inspect shows it. One that says the container runs while no
// monitor is alive (the monitor was killed) is reconciled first, as docker's daemon does
// when a shim dies: recorded exited with 255, what it held released, removed if --rm
// (nullopt). While a start holds it, it is shown exited with 255 as it stands.
std::optional<json> present(const EngineConfig& config, container::Store& store, json rec) {
    const std::string id = rec["Id"];
    if (!container::recorded_alive(rec["State"]) || container::monitor_alive(config, id)) return rec;
    if (!container::reconcile_lost(config, store, id)) return std::nullopt;
    try {
        json now = store.get(id);
        if (!container::recorded_alive(now["State"]) || container::monitor_alive(config, id)) return now;
    } catch (const Error& e) {
        if (e.code() == Errc::NotFound) return std::nullopt;
        throw;
    }
    container::set_lost(rec["State"]);
    return rec;
}

bool label_matches(const json& labels, const std::string& filter) {
    auto eq = filter.find('=');
    std::string key = filter.substr(0, eq);
    if (!labels.is_object() || !labels.contains(key)) return false;
    return eq == std::string::npos || labels[key] == filter.substr(eq + 1);
}

bool matches(const json& rec, const std::multimap<std::string, std::string>& filters) {
    // docker: values of the same key are OR'ed, different keys AND'ed.
    std::map<std::string, bool> any;
    for (const auto& [key, value] : filters) {
        bool ok = false;
        const std::string id = rec["Id"];
        const std::string name = rec["Name"].get<std::string>().substr(1);
        if (key == "id") ok = id.rfind(value, 0) == 0;
        else if (key == "name") ok = name.find(value[0] == '/' ? value.substr(1) : value) != std::string::npos;
        else if (key == "status") ok = rec["State"].value("Status", std::string()) == value;
        else if (key == "label") ok = label_matches(rec["Config"]["Labels"], value);
        else if (key == "exited")
            ok = rec["State"].value("Status", std::string()) == "exited" &&
                 std::to_string(rec["State"].value("ExitCode", 0)) == value;
        else if (key == "health") ok = health::health_string(rec["State"]) == value;
        else if (key == "ancestor") ok = rec["Config"].value("Image", std::string()) == value || rec.value("Image", std::string()) == value;
        else if (auto m = container::match_attachment_filter(rec, key, value)) ok = *m;
        else throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
        any[key] = any[key] || ok;
    }
    return std::all_of(any.begin(), any.end(), [](const auto& kv) { return kv.second; });
}

}  // namespace

std::vector<json> container_list(const EngineConfig& config, const ContainerListOptions& opts) {
    // Checked before any container is looked at, so that a bad filter fails on an empty
    // store too, as docker's daemon does.
    static const std::set<std::string> keys = {"ancestor", "before", "expose", "exited", "health",
                                               "id",       "label",  "name",   "network", "publish",
                                               "since",    "status", "volume"};
    static const std::set<std::string> statuses = {"created", "restarting", "running", "removing",
                                                   "paused",  "exited",     "dead"};
    for (const auto& [key, value] : opts.filters) {
        if (!keys.count(key)) throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
        if (key == "health" && !health::valid_filter_value(value))
            throw Error(Errc::InvalidArgument, "Unrecognised filter value for health: " + value);
        if (key == "status" && !statuses.count(value))
            throw Error(Errc::InvalidArgument, "Unrecognised filter value for status: " + value);
    }
    container::Store store(config);
    std::vector<json> all;
    for (auto& listed : store.list_brief())
        if (auto rec = present(config, store, std::move(listed))) all.push_back(std::move(*rec));
    std::sort(all.begin(), all.end(), [](const json& a, const json& b) {
        return a["Created"].get_ref<const std::string&>() > b["Created"].get_ref<const std::string&>();
    });
    // before=/since= name a container: compare with its creation time.
    auto filters = opts.filters;
    for (auto& [key, value] : filters)
        if (key == "before" || key == "since") value = store.get(store.resolve(value))["Created"].get<std::string>();
    std::vector<json> out;
    const bool all_states = opts.all || opts.last >= 0 || opts.filters.count("status") > 0 ||
                            opts.filters.count("exited") > 0;
    for (auto& rec : all) {
        if (opts.last >= 0 && static_cast<int>(out.size()) >= opts.last) break;
        if (!all_states && !rec["State"].value("Running", false) && !rec["State"].value("Restarting", false))
            continue;
        if (!matches(rec, filters)) continue;
        out.push_back(std::move(rec));
    }
    return out;
}

json container_inspect(const EngineConfig& config, const std::string& ref) {
    container::Store store(config);
    const std::string id = store.resolve(ref);
    std::optional<json> rec = present(config, store, store.get(id));
    if (!rec) throw Error(Errc::NotFound, "No such container: " + ref);
    rec->erase("_tug");
    return *rec;
}

std::string container_resolve_id(const EngineConfig& config, const std::string& ref) {
    container::Store store(config);
    return store.resolve(ref);
}

}  // namespace tug::engine
