// The volume commands' engine side: create, list with docker's filters, inspect,
// remove, prune.
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "engine/api/volume.hpp"
#include "engine/base/error.hpp"
#include "engine/volume/inspect_json.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine {

namespace {

using FilterMap = std::map<std::string, std::vector<std::string>>;

FilterMap parse_filters(const std::vector<std::string>& args, const std::set<std::string>& allowed) {
    FilterMap m;
    for (const auto& a : args) {
        auto eq = a.find('=');
        if (eq == std::string::npos)
            throw Error(Errc::InvalidArgument, "bad format of filter (expected name=value)");
        std::string key = a.substr(0, eq);
        // "label!=" is its own key in docker's filter syntax.
        if (!key.empty() && key.back() == '!') {
            key.pop_back();
            key += "!";
        }
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
        if (!allowed.count(key)) throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
        m[key].push_back(a.substr(eq + 1));
    }
    return m;
}

// label=k matches a volume with key k; label=k=v one with that value.
using Labels = std::map<std::string, std::string>;

bool label_matches(const Labels& labels, const std::string& filter) {
    auto eq = filter.find('=');
    auto it = labels.find(filter.substr(0, eq));
    if (it == labels.end()) return false;
    return eq == std::string::npos || it->second == filter.substr(eq + 1);
}

bool any_label(const Labels& labels, const std::vector<std::string>& filters) {
    return std::any_of(filters.begin(), filters.end(),
                       [&](const std::string& f) { return label_matches(labels, f); });
}

bool all_labels(const Labels& labels, const std::vector<std::string>& filters) {
    return std::all_of(filters.begin(), filters.end(),
                       [&](const std::string& f) { return label_matches(labels, f); });
}

bool parse_bool_filter(const std::string& key, const std::string& v) {
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    throw Error(Errc::InvalidArgument, "invalid filter '" + key + "=" + v + "'");
}

}  // namespace

std::string volume_create(const EngineConfig& cfg, const VolumeCreateOptions& opts) {
    volume::CreateRequest req;
    req.name = opts.name;
    req.driver = opts.driver;
    req.labels = opts.labels;
    req.options = opts.options;
    return volume::create_volume(cfg, req).name;
}

std::string volume_mountpoint(const EngineConfig& cfg, const std::string& name) {
    return volume::volume_data_dir(cfg, name);
}

std::vector<VolumeRecord> volume_list(const EngineConfig& cfg, const VolumeListOptions& opts) {
    auto filters = parse_filters(opts.filters, {"dangling", "name", "driver", "label"});
    // -1: no dangling filter (or both values given: everything), else 0/1.
    int dangling = -1;
    bool seen_dangling = false;
    for (const auto& v : filters["dangling"]) {
        const int b = parse_bool_filter("dangling", v) ? 1 : 0;
        dangling = seen_dangling && dangling != b ? -1 : b;
        seen_dangling = true;
    }
    std::vector<VolumeRecord> out;
    for (auto& rec : volume::list_volumes(cfg)) {
        const std::string& name = rec.name;
        if (auto& names = filters["name"]; !names.empty()) {
            bool hit = false;
            for (const auto& pattern : names) {
                try {
                    if (std::regex_search(name, std::regex(pattern))) hit = true;
                } catch (const std::regex_error&) {
                    throw Error(Errc::InvalidArgument, "invalid filter 'name=" + pattern + "'");
                }
            }
            if (!hit) continue;
        }
        if (auto& drivers = filters["driver"]; !drivers.empty() &&
            std::find(drivers.begin(), drivers.end(), rec.driver) == drivers.end())
            continue;
        if (auto& labels = filters["label"]; !labels.empty() && !all_labels(rec.labels, labels)) continue;
        if (dangling >= 0 && volume::volume_users(cfg, name).empty() != (dangling == 1)) continue;
        out.push_back(std::move(rec));
    }
    return out;
}

nlohmann::json volume_inspect(const EngineConfig& cfg, const std::string& name) {
    auto rec = volume::find_volume(cfg, name);
    if (!rec) throw Error(Errc::NotFound, "No such volume: " + name);
    return volume::inspect_json(cfg, *rec);
}

std::vector<VolumeRemoveResult> volume_remove(const EngineConfig& cfg,
                                              const std::vector<std::string>& names, bool force) {
    std::vector<VolumeRemoveResult> results;
    for (const auto& n : names) {
        VolumeRemoveResult r{n, ""};
        try {
            volume::remove_volume(cfg, n, force);
        } catch (const Error& e) {
            r.error = e.message();
        }
        results.push_back(r);
    }
    return results;
}

VolumePruneReport volume_prune(const EngineConfig& cfg, const VolumePruneOptions& opts) {
    auto filters = parse_filters(opts.filters, {"label", "label!", "all"});
    bool all = opts.all;
    for (const auto& v : filters["all"]) all = parse_bool_filter("all", v);
    VolumePruneReport report;
    for (auto& rec : volume::list_volumes(cfg)) {
        const std::string& name = rec.name;
        if (!all && !rec.anonymous()) continue;
        if (auto& l = filters["label"]; !l.empty() && !all_labels(rec.labels, l)) continue;
        if (auto& l = filters["label!"]; !l.empty() && any_label(rec.labels, l)) continue;
        if (!volume::volume_users(cfg, name).empty()) continue;
        const int64_t size = volume::directory_size(volume::volume_data_dir(cfg, name));
        try {
            volume::remove_volume(cfg, name, true);
        } catch (const Error& e) {
            // In use by a container created meanwhile: skipped, as docker's prune does.
            if (e.code() == Errc::Conflict) continue;
            throw;
        }
        report.deleted.push_back(name);
        report.space_reclaimed += size;
    }
    return report;
}

}  // namespace tug::engine
