// image_list: the namespace's images as summaries, with docker's filters.
#include <fnmatch.h>

#include <algorithm>
#include <map>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/manifest.hpp"
#include "engine/image/store.hpp"
#include "engine/image/summary.hpp"
#include "engine/meta/database.hpp"
#include "engine/reference/reference.hpp"

namespace tug::engine {

namespace image {

std::string familiar(const std::string& normalized) {
    try {
        return reference::parse_named(normalized).familiar();
    } catch (const Error&) {
        return normalized;
    }
}

nlohmann::json read_config(const content::Store& cs, const std::string& id) {
    auto info = cs.try_info(id);
    if (!info) return nlohmann::json::object();
    auto j = nlohmann::json::parse(cs.read_blob(id), nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

ImageSummary summarize(const ImageRecord& r, const std::vector<RefRow>& refs, const content::Store& cs,
                       int64_t containers) {
    ImageSummary s;
    s.id = r.id;
    for (const auto& ref : refs) {
        (ref.reference.find('@') == std::string::npos ? s.repo_tags : s.repo_digests).push_back(familiar(ref.reference));
    }
    s.created = r.created_unix();
    s.size = r.size;
    auto cfg = read_config(cs, r.id);
    if (cfg.contains("config") && cfg["config"].is_object() && cfg["config"].contains("Labels") &&
        cfg["config"]["Labels"].is_object()) {
        for (const auto& [k, v] : cfg["config"]["Labels"].items())
            if (v.is_string()) s.labels[k] = v.get<std::string>();
    }
    s.containers = containers;
    return s;
}

std::map<std::string, int64_t> container_counts(meta::Database& db, const std::string& ns) {
    std::map<std::string, int64_t> out;
    auto st = db.prepare("SELECT image_id, count(*) FROM containers WHERE namespace = ?1 GROUP BY image_id");
    st.bind(1, ns);
    while (st.step())
        if (!st.is_null(0)) out[st.text(0)] = st.int64(1);
    return out;
}

std::vector<ImageSummary> all_summaries(ImageStore& store) {
    content::Store cs = content::Store::for_config(store.config());
    std::map<std::string, std::vector<RefRow>> refs;
    for (auto& r : store.refs()) refs[r.image_id].push_back(r);
    auto counts = container_counts(store.db(), store.config().namespace_);
    std::vector<ImageSummary> out;
    for (const auto& rec : store.list()) out.push_back(summarize(rec, refs[rec.id], cs, counts[rec.id]));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.created > b.created; });
    return out;
}

bool label_matches(const std::map<std::string, std::string>& labels, const std::string& want) {
    const auto eq = want.find('=');
    const std::string key = want.substr(0, eq);
    auto it = labels.find(key);
    if (it == labels.end()) return false;
    return eq == std::string::npos || it->second == want.substr(eq + 1);
}

}  // namespace image

namespace {

bool reference_matches(const ImageSummary& s, const std::string& pattern) {
    for (const auto& tag : s.repo_tags) {
        const auto colon = tag.rfind(':');
        const std::string name = tag.substr(0, colon);
        if (::fnmatch(pattern.c_str(), name.c_str(), FNM_PATHNAME) == 0 ||
            ::fnmatch(pattern.c_str(), tag.c_str(), FNM_PATHNAME) == 0)
            return true;
    }
    return false;
}

}  // namespace

std::vector<ImageSummary> image_list(const EngineConfig& cfg, const ImageListOptions& opts) {
    std::map<std::string, std::vector<std::string>> filters;
    for (const auto& f : opts.filters) {
        const auto eq = f.find('=');
        if (eq == std::string::npos) throw Error(Errc::InvalidArgument, "bad format of filter (expected name=value)");
        const std::string key = f.substr(0, eq);
        if (key != "reference" && key != "dangling" && key != "label" && key != "before" && key != "since" &&
            key != "until")
            throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
        filters[key].push_back(f.substr(eq + 1));
    }
    image::ImageStore store(cfg);
    auto all = image::all_summaries(store);
    auto created_of = [&](const std::string& ref) { return store.resolve(ref).created_unix(); };
    std::vector<ImageSummary> out;
    for (auto& s : all) {
        bool keep = true;
        for (const auto& [key, values] : filters) {
            bool any = false;
            for (const auto& v : values) {
                if (key == "dangling") {
                    if (v != "true" && v != "false" && v != "1" && v != "0")
                        throw Error(Errc::InvalidArgument, "invalid filter 'dangling=" + v + "'");
                    any |= (v == "true" || v == "1") == s.repo_tags.empty();
                } else if (key == "reference") {
                    any |= reference_matches(s, v);
                } else if (key == "label") {
                    any |= image::label_matches(s.labels, v);
                } else if (key == "before") {
                    any |= s.created < created_of(v);
                } else if (key == "since") {
                    any |= s.created > created_of(v);
                } else if (key == "until") {
                    any |= s.created < image::parse_until(v);
                }
            }
            keep &= any;
        }
        if (keep) out.push_back(std::move(s));
    }
    return out;
}

}  // namespace tug::engine
