// image_tag, image_remove (docker's rmi rules) and image_prune.
#include <ctime>
#include <set>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/gc.hpp"
#include "engine/image/summary.hpp"
#include "engine/meta/database.hpp"
#include "engine/reference/reference.hpp"

namespace tug::engine {

namespace image {

int64_t parse_until(const std::string& v) {
    const int64_t now = ::time(nullptr);
    if (!v.empty() && v.find_first_not_of("0123456789.") == std::string::npos) return std::stoll(v);
    if (int64_t t = parse_rfc3339(v); t) return t;
    // Go durations: 1h30m, 45m, 10s, 2h.
    int64_t total = 0;
    size_t i = 0;
    bool any = false;
    while (i < v.size()) {
        size_t j = i;
        while (j < v.size() && (std::isdigit(static_cast<unsigned char>(v[j])) || v[j] == '.')) ++j;
        if (j == i || j == v.size()) throw Error(Errc::InvalidArgument, "invalid filter 'until=" + v + "'");
        const double n = std::stod(v.substr(i, j - i));
        const char unit = v[j];
        const double mult = unit == 'h' ? 3600 : unit == 'm' ? 60 : unit == 's' ? 1 : -1;
        if (mult < 0) throw Error(Errc::InvalidArgument, "invalid filter 'until=" + v + "'");
        total += static_cast<int64_t>(n * mult);
        i = j + 1;
        any = true;
    }
    if (!any) throw Error(Errc::InvalidArgument, "invalid filter 'until=" + v + "'");
    return now - total;
}

}  // namespace image

namespace {

bool is_digest_ref(const std::string& r) { return r.find('@') != std::string::npos; }

// The first running (or paused) container among ids, by the status the container store
// keeps beside each record.
std::string first_running(meta::Database& db, const std::string& ns, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        auto st = db.prepare(
            "SELECT 1 FROM containers WHERE namespace = ?1 AND id = ?2 AND status IN ('running', "
            "'paused')");
        st.bind(1, ns).bind(2, id);
        if (st.step()) return id;
    }
    return "";
}

void delete_image(image::ImageStore& store, const image::ImageRecord& rec, std::vector<ImageRemoveItem>& items,
                  uint64_t* reclaimed) {
    for (const auto& r : store.refs_of(rec.id)) items.push_back({false, image::familiar(r.reference)});
    store.remove_image(rec.id);
    items.push_back({true, rec.id});
    auto gc = image::collect_garbage(store.config(), store.db());
    for (const auto& s : gc.snapshots) items.push_back({true, s});
    if (reclaimed) *reclaimed += gc.reclaimed;
}

}  // namespace

void image_tag(const EngineConfig& cfg, const std::string& source, const std::string& target) {
    const auto target_ref = reference::parse_reference(target);
    image::ImageStore store(cfg);
    auto rec = store.resolve(source);
    if (!target_ref.digest.empty())
        throw Error(Errc::InvalidArgument, "refusing to create a tag with a digest reference");
    store.set_ref({target_ref.string(), rec.id, "", 0});
}

std::vector<ImageRemoveItem> image_remove(const EngineConfig& cfg, const ImageRemoveOptions& opts) {
    image::ImageStore store(cfg);
    base::FileLock gc = store.gc_lock(base::FileLock::Mode::Exclusive);
    std::string matched;
    const image::ImageRecord rec = store.resolve(opts.image, &matched);
    const auto refs = store.refs_of(rec.id);
    std::vector<std::string> tags;
    for (const auto& r : refs)
        if (!is_digest_ref(r.reference)) tags.push_back(r.reference);
    const auto users = store.containers_using(rec.id);
    const std::string sid = image::short_id(rec.id);
    std::vector<ImageRemoveItem> items;

    if (!matched.empty()) {
        // By name: untag it; the image goes with its last tag.
        const bool matched_tag = !is_digest_ref(matched);
        const size_t other_tags = tags.size() - (matched_tag ? 1 : 0);
        if (other_tags > 0) {
            store.remove_ref(matched);
            items.push_back({false, image::familiar(matched)});
            return items;
        }
        if (!users.empty()) {
            if (!opts.force)
                throw Error(Errc::Conflict, "conflict: unable to remove repository reference \"" + opts.image +
                                                "\" (must force) - container " + image::short_id(users.front()) +
                                                " is using its referenced image " + sid);
            // Forced: the name goes, the image stays for its containers.
            for (const auto& r : refs) {
                store.remove_ref(r.reference);
                items.push_back({false, image::familiar(r.reference)});
            }
            return items;
        }
        delete_image(store, rec, items, nullptr);
        return items;
    }

    // By id.
    if (!users.empty()) {
        const std::string running = first_running(store.db(), cfg.namespace_, users);
        if (!running.empty())
            throw Error(Errc::Conflict, "conflict: unable to delete " + sid +
                                            " (cannot be forced) - image is being used by running container " +
                                            image::short_id(running));
        if (!opts.force)
            throw Error(Errc::Conflict, "conflict: unable to delete " + sid +
                                            " (must be forced) - image is being used by stopped container " +
                                            image::short_id(users.front()));
        for (const auto& r : refs) {
            store.remove_ref(r.reference);
            items.push_back({false, image::familiar(r.reference)});
        }
        return items;
    }
    // docker's isSingleReference: at most one tag, and digest references only of its
    // repository.
    bool single = tags.size() <= 1;
    if (single && !tags.empty()) {
        const std::string repo = reference::parse_named(tags.front()).repository();
        for (const auto& r : refs)
            if (reference::parse_named(r.reference).repository() != repo) single = false;
    }
    if (!single && !opts.force)
        throw Error(Errc::Conflict, "conflict: unable to delete " + sid +
                                        " (must be forced) - image is referenced in multiple repositories");
    delete_image(store, rec, items, nullptr);
    return items;
}

ImagePruneReport image_prune(const EngineConfig& cfg, const ImagePruneOptions& opts) {
    int64_t until = 0;
    std::vector<std::string> labels, not_labels;
    for (const auto& f : opts.filters) {
        const auto eq = f.find('=');
        const std::string key = f.substr(0, eq), value = eq == std::string::npos ? "" : f.substr(eq + 1);
        if (key == "until")
            until = image::parse_until(value);
        else if (key == "label")
            labels.push_back(value);
        else if (key == "label!")
            not_labels.push_back(value);
        else
            throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
    }
    image::ImageStore store(cfg);
    base::FileLock gc = store.gc_lock(base::FileLock::Mode::Exclusive);
    ImagePruneReport report;
    content::Store cs = content::Store::for_config(cfg);
    for (const auto& s : image::all_summaries(store)) {
        if (!opts.all && !s.repo_tags.empty()) continue;
        if (store.used_anywhere(s.id)) continue;
        if (until && s.created >= until) continue;
        bool ok = true;
        for (const auto& l : labels) ok &= image::label_matches(s.labels, l);
        for (const auto& l : not_labels) ok &= !image::label_matches(s.labels, l);
        if (!ok) continue;
        auto rec = store.get(s.id);
        if (!rec) continue;
        for (const auto& r : store.refs_of(rec->id)) report.items.push_back({false, image::familiar(r.reference)});
        store.remove_image(rec->id);
        report.items.push_back({true, rec->id});
    }
    auto collected = image::collect_garbage(cfg, store.db());
    for (const auto& s : collected.snapshots) report.items.push_back({true, s});
    report.reclaimed = collected.reclaimed;
    return report;
}

}  // namespace tug::engine
