// inspect_image (docker's image inspect object) and image_history.
#include <algorithm>
#include <ctime>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/summary.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine {

namespace {

std::string rfc3339(int64_t t) {
    if (t <= 0) return "0001-01-01T00:00:00Z";
    char buf[64];
    const time_t tt = static_cast<time_t>(t);
    struct tm tm {};
    ::gmtime_r(&tt, &tm);
    ::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// The config's "config" object with the keys docker always shows.
nlohmann::json container_config(const nlohmann::json& cfg) {
    nlohmann::json c = cfg.contains("config") && cfg["config"].is_object() ? cfg["config"] : nlohmann::json::object();
    for (const char* k : {"Cmd", "Entrypoint", "Env", "Labels", "OnBuild", "Volumes"})
        if (!c.contains(k)) c[k] = nullptr;
    for (const char* k : {"User", "WorkingDir"})
        if (!c.contains(k)) c[k] = "";
    return c;
}

}  // namespace

nlohmann::json inspect_image(const EngineConfig& cfg, const std::string& ref) {
    image::ImageStore store(cfg);
    const image::ImageRecord rec = store.resolve(ref);
    content::Store cs = content::Store::for_config(cfg);
    const nlohmann::json config = image::read_config(cs, rec.id);
    nlohmann::json tags = nlohmann::json::array(), digests = nlohmann::json::array();
    int64_t last_tag = 0;
    for (const auto& r : store.refs_of(rec.id)) {
        const bool digest = r.reference.find('@') != std::string::npos;
        (digest ? digests : tags).push_back(image::familiar(r.reference));
        if (!digest) last_tag = std::max(last_tag, r.updated);
    }
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : rec.layers) layers.push_back(l.diff_id);

    snapshot::Snapshotter snaps = snapshot::Snapshotter::for_config(cfg);
    nlohmann::json graph = {{"Name", snaps.driver() == snapshot::Driver::Overlay ? "overlayfs" : "native"},
                            {"Data", nlohmann::json::object()}};
    if (!rec.layers.empty()) {
        graph["Data"]["UpperDir"] = snaps.fs_path(rec.layers.back().chain_id);
        std::string lower;
        for (size_t i = rec.layers.size() - 1; i-- > 0;) {
            if (!lower.empty()) lower += ':';
            lower += snaps.fs_path(rec.layers[i].chain_id);
        }
        if (!lower.empty()) graph["Data"]["LowerDir"] = lower;
    }

    nlohmann::json j = {
        {"Id", rec.id},
        {"RepoTags", tags},
        {"RepoDigests", digests},
        {"Parent", ""},
        {"Comment", config.value("comment", "")},
        {"Created", rec.created.empty() ? rfc3339(0) : rec.created},
        {"DockerVersion", config.value("docker_version", "")},
        {"Author", config.value("author", "")},
        {"Config", container_config(config)},
        {"Architecture", rec.platform.architecture},
    };
    if (!rec.platform.variant.empty()) j["Variant"] = rec.platform.variant;
    j["Os"] = rec.platform.os;
    if (!rec.platform.os_version.empty()) j["OsVersion"] = rec.platform.os_version;
    j["Size"] = rec.size;
    j["GraphDriver"] = graph;
    j["RootFS"] = {{"Type", "layers"}, {"Layers", layers}};
    j["Metadata"] = {{"LastTagTime", rfc3339(last_tag)}};
    return j;
}

std::vector<ImageHistoryEntry> image_history(const EngineConfig& cfg, const std::string& ref) {
    image::ImageStore store(cfg);
    const image::ImageRecord rec = store.resolve(ref);
    content::Store cs = content::Store::for_config(cfg);
    snapshot::Snapshotter snaps = snapshot::Snapshotter::for_config(cfg);
    const nlohmann::json config = image::read_config(cs, rec.id);
    std::vector<ImageHistoryEntry> out;
    size_t layer = 0;
    auto history = config.value("history", nlohmann::json::array());
    for (const auto& h : history) {
        ImageHistoryEntry e;
        e.id = "<missing>";
        e.created = image::parse_rfc3339(h.value("created", ""));
        e.created_by = h.value("created_by", "");
        e.comment = h.value("comment", "");
        if (!h.value("empty_layer", false) && layer < rec.layers.size())
            e.size = static_cast<int64_t>(snaps.diff_size(rec.layers[layer++].chain_id));
        out.push_back(std::move(e));
    }
    if (history.empty()) {
        for (const auto& l : rec.layers) {
            ImageHistoryEntry e;
            e.id = "<missing>";
            e.created = rec.created_unix();
            e.size = static_cast<int64_t>(snaps.diff_size(l.chain_id));
            out.push_back(std::move(e));
        }
    }
    std::reverse(out.begin(), out.end());
    if (out.empty()) out.push_back({"", rec.created_unix(), "", 0, "", {}});
    out.front().id = rec.id;
    for (const auto& r : store.refs_of(rec.id))
        if (r.reference.find('@') == std::string::npos) out.front().tags.push_back(image::familiar(r.reference));
    return out;
}

}  // namespace tug::engine
