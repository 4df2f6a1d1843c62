// container_list, container_get, container_inspect and id resolution.
#include <algorithm>
#include <optional>
#include <set>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/inspect_json.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/list_filters.hpp"
#include "engine/container/store.hpp"
#include "engine/health/state.hpp"

namespace tug::engine {

namespace {

// The record as the commands show it. One that says the container runs while no
// monitor is alive (the monitor was killed) is reconciled first, as docker's daemon does
// when a shim dies: recorded exited with 255, what it held released, removed if --rm
// (false). While a start holds it, it is shown exited with 255 as it stands.
bool present(const EngineConfig& config, container::Store& store, ContainerRecord& rec) {
    if (!rec.state.running() || container::monitor_alive(config, rec.id)) return true;
    if (!container::reconcile_lost(config, store, rec.id)) return false;
    try {
        ContainerRecord now = store.get(rec.id);
        if (!now.state.running() || container::monitor_alive(config, rec.id)) {
            rec = std::move(now);
            return true;
        }
    } catch (const Error& e) {
        if (e.code() == Errc::NotFound) return false;
        throw;
    }
    container::set_lost(rec.state);
    return true;
}

bool label_matches(const std::map<std::string, std::string>& labels, const std::string& filter) {
    auto eq = filter.find('=');
    auto it = labels.find(filter.substr(0, eq));
    if (it == labels.end()) return false;
    return eq == std::string::npos || it->second == filter.substr(eq + 1);
}

bool matches(const ContainerRecord& rec, const std::multimap<std::string, std::string>& filters,
             const std::map<std::string, int64_t>& reference_times) {
    // docker: values of the same key are OR'ed, different keys AND'ed.
    std::map<std::string, bool> any;
    for (const auto& [key, value] : filters) {
        bool ok = false;
        if (key == "id")
            ok = rec.id.starts_with(value);
        else if (key == "name")
            ok = rec.name.find(value[0] == '/' ? value.substr(1) : value) != std::string::npos;
        else if (key == "status")
            ok = container_status_name(rec.state.status) == value;
        else if (key == "label")
            ok = label_matches(rec.config.labels, value);
        else if (key == "exited")
            ok = rec.state.status == ContainerStatus::Exited &&
                 std::to_string(rec.state.exit_code) == value;
        else if (key == "health")
            ok = health::health_string(rec.state) == value;
        else if (key == "ancestor")
            ok = rec.config.image == value || rec.image_id == value;
        else if (key == "before")
            ok = rec.created_ns < reference_times.at(value);
        else if (key == "since")
            ok = rec.created_ns > reference_times.at(value);
        else if (auto m = container::match_attachment_filter(rec, key, value)) ok = *m;
        else throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
        any[key] = any[key] || ok;
    }
    return std::all_of(any.begin(), any.end(), [](const auto& kv) { return kv.second; });
}

}  // namespace

std::vector<ContainerRecord> container_list(const EngineConfig& config,
                                            const ContainerListOptions& opts) {
    // Checked before any container is looked at, so that a bad filter fails on an empty
    // store too, as docker's daemon does.
    static const std::set<std::string> keys = {"ancestor", "before", "expose", "exited",  "health",
                                               "id",       "label",  "name",   "network", "publish",
                                               "since",    "status", "volume"};
    for (const auto& [key, value] : opts.filters) {
        if (!keys.count(key)) throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
        if (key == "health" && !health::valid_filter_value(value))
            throw Error(Errc::InvalidArgument, "Unrecognised filter value for health: " + value);
        if (key == "status" && !container_status_of(value))
            throw Error(Errc::InvalidArgument, "Unrecognised filter value for status: " + value);
        if (key == "publish" || key == "expose") (void)container::filter_ports(value);
    }
    container::Store store(config);
    std::vector<ContainerRecord> all = store.list();
    // Newest first. The records are large: order their indices, then move each one once.
    std::vector<size_t> order;
    for (size_t i = 0; i < all.size(); ++i)
        if (present(config, store, all[i])) order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return all[a].created_ns > all[b].created_ns; });
    // before=/since= name a container: compare with its creation time.
    std::map<std::string, int64_t> reference_times;
    for (const auto& [key, value] : opts.filters)
        if (key == "before" || key == "since")
            reference_times[value] = store.get(store.resolve(value)).created_ns;
    std::vector<ContainerRecord> out;
    const bool all_states = opts.all || opts.last >= 0 || opts.filters.count("status") > 0 ||
                            opts.filters.count("exited") > 0;
    for (size_t i : order) {
        ContainerRecord& rec = all[i];
        if (opts.last >= 0 && static_cast<int>(out.size()) >= opts.last) break;
        if (!all_states && !rec.state.running() && !rec.state.restarting()) continue;
        if (!matches(rec, opts.filters, reference_times)) continue;
        out.push_back(std::move(rec));
    }
    return out;
}

ContainerRecord container_get(const EngineConfig& config, const std::string& ref) {
    container::Store store(config);
    const std::string id = store.resolve(ref);
    ContainerRecord rec = store.get(id);
    if (!present(config, store, rec)) throw Error(Errc::NotFound, "No such container: " + ref);
    return rec;
}

nlohmann::json container_inspect(const EngineConfig& config, const std::string& ref) {
    container::Store store(config);
    const std::string id = store.resolve(ref);
    ContainerRecord rec = store.get(id);
    if (!present(config, store, rec)) throw Error(Errc::NotFound, "No such container: " + ref);
    return container::inspect_json(config, rec, store.health_log(id));
}

std::string container_resolve_id(const EngineConfig& config, const std::string& ref) {
    container::Store store(config);
    return store.resolve(ref);
}

}  // namespace tug::engine
