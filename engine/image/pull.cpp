// image_pull: resolve the reference to a manifest for the wanted platform(s), fetch the
// config and layers in parallel (unpacking as they stream), then record the image.
#include <algorithm>
#include <ctime>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/layer_fetch.hpp"
#include "engine/image/manifest.hpp"
#include "engine/image/parallel.hpp"
#include "engine/image/progress.hpp"
#include "engine/image/store.hpp"
#include "engine/reference/reference.hpp"
#include "engine/registry/client.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine {

namespace mt = content::media_type;
using image::ImageRecord;

namespace {

using image::LayerJob;

// A platform image of a pull: its manifest, config and the layer jobs.
struct PlatformPull {
    image::ParsedManifest manifest;
    std::string config_bytes;
    content::Platform platform;
    std::vector<LayerJob> layers;
};

PlatformPull prepare_platform(registry::Client& client, content::Store& cs, const std::string& repo,
                              const registry::Manifest& m, bool unpack) {
    PlatformPull p;
    p.manifest = image::parse_manifest(m.media_type, m.digest, m.bytes);
    p.config_bytes = image::load_blob(client, cs, repo, p.manifest.config);
    auto cfg = image::parse_json(p.config_bytes, "image config " + p.manifest.config.digest);
    p.platform.os = cfg.value("os", "");
    p.platform.architecture = cfg.value("architecture", "");
    p.platform.variant = cfg.value("variant", "");
    std::vector<std::string> diff_ids;
    if (cfg.contains("rootfs") && cfg["rootfs"].contains("diff_ids"))
        diff_ids = cfg["rootfs"]["diff_ids"].get<std::vector<std::string>>();
    if (diff_ids.size() != p.manifest.layers.size())
        throw Error(Errc::InvalidArgument, "image config " + p.manifest.config.digest + " lists " +
                                               std::to_string(diff_ids.size()) + " layers, the manifest " +
                                               std::to_string(p.manifest.layers.size()));
    const auto chains = snapshot::chain_ids(diff_ids);
    for (size_t i = 0; i < diff_ids.size(); ++i) {
        LayerJob j;
        j.desc = p.manifest.layers[i];
        j.diff_id = diff_ids[i];
        j.chain_id = chains[i];
        j.parent_chain_id = i ? chains[i - 1] : "";
        j.unpack = unpack;
        p.layers.push_back(std::move(j));
    }
    return p;
}

ImageRecord make_record(const PlatformPull& p, const snapshot::Snapshotter& snaps) {
    ImageRecord r;
    r.id = p.manifest.config.digest;
    r.config_media_type = p.manifest.config.media_type;
    r.manifest_digest = p.manifest.digest;
    r.manifest_media_type = p.manifest.media_type;
    r.manifest_size = static_cast<int64_t>(p.manifest.bytes.size());
    r.platform = p.platform;
    for (const auto& j : p.layers) {
        r.layers.push_back({j.desc.digest, j.desc.media_type, j.desc.size, j.diff_id, j.chain_id, j.desc.urls});
        r.size += static_cast<int64_t>(snaps.diff_size(j.chain_id));
    }
    auto cfg = nlohmann::json::parse(p.config_bytes, nullptr, false);
    if (cfg.is_object()) r.created = cfg.value("created", "");
    r.stored = ::time(nullptr);
    return r;
}

bool snapshots_present(const ImageRecord& r, const snapshot::Snapshotter& snaps) {
    return std::all_of(r.layers.begin(), r.layers.end(), [&](const auto& l) { return snaps.exists(l.chain_id); });
}

std::string pulling_from(const reference::Reference& ref) {
    return (ref.digest.empty() ? ref.tag : ref.digest) + ": Pulling from " + ref.path;
}

}  // namespace

ImagePullReport image_pull(const EngineConfig& cfg, const ImagePullOptions& opts) {
    const reference::Reference ref = reference::parse_reference(opts.reference);
    const reference::Reference named = reference::parse_named(opts.reference);
    return with_context("pull " + ref.string(), [&] {
        image::Progress progress(opts.progress);
        if (named.tag.empty() && named.digest.empty()) progress.message("Using default tag: latest");
        const content::Platform want =
            opts.platform.empty() ? image::host_platform() : image::parse_platform(opts.platform);

        image::ImageStore store(cfg);
        content::Store cs = content::Store::for_config(cfg);
        snapshot::Snapshotter snaps = snapshot::Snapshotter::for_config(cfg);
        base::FileLock gc = store.gc_lock(base::FileLock::Mode::Shared);
        const std::string tag_ref = ref.digest.empty() ? ref.string() : "";
        const std::optional<image::RefRow> before = tag_ref.empty() ? std::nullopt : store.ref(tag_ref);

        ImagePullReport report;
        report.reference = ref.string();
        report.familiar = ref.familiar();
        if (!ref.digest.empty()) {
            // Content by digest never changes: present locally means no request at all.
            for (const auto& r : store.list()) {
                if ((r.manifest_digest == ref.digest || r.index_digest == ref.digest) &&
                    image::platform_matches(want, r.platform) && snapshots_present(r, snaps)) {
                    progress.message(pulling_from(ref));
                    store.set_ref({ref.repository() + "@" + ref.digest, r.id, ref.digest, 0});
                    report.digest = ref.digest;
                    report.image_id = r.id;
                    report.up_to_date = true;
                    return report;
                }
            }
        }
        registry::Client client(cfg, ref.domain);
        progress.message(pulling_from(ref));

        // One request: the manifest (or index) the reference names.
        registry::Manifest top = client.get_manifest(ref.path, ref.tag_or_digest());
        top.media_type = image::manifest_media_type(top.media_type, top.bytes);
        report.digest = top.digest;
        if (before && before->target_digest == top.digest) {
            if (auto existing = store.get(before->image_id);
                existing && image::platform_matches(want, existing->platform) && snapshots_present(*existing, snaps) &&
                (!opts.all_platforms || existing->index_digest.empty() || !existing->other_platforms.empty())) {
                report.image_id = existing->id;
                report.up_to_date = true;
                return report;
            }
        }
        if (!mt::is_index(top.media_type) && !mt::is_manifest(top.media_type))
            throw Error(Errc::InvalidArgument, "unsupported manifest media type \"" + top.media_type + "\"");

        std::vector<PlatformPull> platforms;  // [0] is the one to unpack
        std::optional<image::ParsedIndex> index;
        if (mt::is_index(top.media_type)) {
            index = image::parse_index(top.media_type, top.digest, top.bytes);
            const content::Descriptor* chosen = nullptr;
            for (const auto& d : index->manifests) {
                if (!image::is_attestation(d) && d.platform && image::platform_matches(want, *d.platform)) {
                    chosen = &d;
                    break;
                }
            }
            if (!chosen)
                throw Error(Errc::NotFound, "no matching manifest for " + image::format_platform(want) +
                                                " in the manifest list entries");
            platforms.push_back(prepare_platform(client, cs, ref.path, image::load_manifest(client, cs, ref.path, *chosen), true));
            if (opts.all_platforms) {
                for (const auto& d : index->manifests) {
                    if (&d == chosen || image::is_attestation(d) || !mt::is_manifest(d.media_type)) continue;
                    platforms.push_back(
                        prepare_platform(client, cs, ref.path, image::load_manifest(client, cs, ref.path, d), false));
                }
            }
        } else {
            platforms.push_back(prepare_platform(client, cs, ref.path, top, true));
        }

        // One download per blob; a second layer with the same blob (another chain)
        // is unpacked from the store afterwards.
        std::vector<const LayerJob*> pool_jobs, later;
        std::set<std::string> seen;
        for (const auto& p : platforms)
            for (const auto& j : p.layers) {
                if (seen.insert(j.desc.digest).second)
                    pool_jobs.push_back(&j);
                else if (j.unpack)
                    later.push_back(&j);
            }
        std::atomic<bool> cancel{false};
        image::FetchContext ctx{client, ref.path, cs, snaps, progress, cancel};
        const size_t parallel = static_cast<size_t>(std::max(1, cfg.max_concurrent_downloads));
        for (const auto* j : pool_jobs) progress.status(image::short_id(j->desc.digest), ProgressStatus::PullingFsLayer);
        for (size_t i = parallel; i < pool_jobs.size(); ++i)
            progress.status(image::short_id(pool_jobs[i]->desc.digest), ProgressStatus::Waiting);
        std::vector<std::function<void()>> tasks;
        for (const auto* j : pool_jobs) tasks.push_back([&ctx, j] { image::fetch_layer(ctx, *j); });
        image::run_parallel(parallel, tasks, cancel);
        // Native snapshots need their parent: unpack in order now that all blobs are here.
        for (const auto& j : platforms.front().layers)
            if (!snaps.exists(j.chain_id)) image::unpack_layer_from_blob(ctx, j);
        for (const auto* j : later)
            if (!snaps.exists(j->chain_id)) image::unpack_layer_from_blob(ctx, *j);

        ImageRecord rec = make_record(platforms.front(), snaps);
        if (index) {
            rec.index_digest = index->digest;
            rec.index_media_type = index->media_type;
            if (!cs.exists(index->digest)) cs.write_blob(index->bytes, index->digest);
        } else if (!cs.exists(top.digest)) {
            cs.write_blob(top.bytes, top.digest);
        }
        if (auto old = store.get(rec.id)) rec.other_platforms = old->other_platforms;
        for (size_t i = 1; i < platforms.size(); ++i) {
            const auto& p = platforms[i];
            image::PlatformManifest pm{p.manifest.digest, p.manifest.media_type, p.platform, p.manifest.config.digest, {}};
            for (const auto& j : p.layers) pm.layer_digests.push_back(j.desc.digest);
            auto same = [&](const image::PlatformManifest& o) { return o.digest == pm.digest; };
            rec.other_platforms.erase(std::remove_if(rec.other_platforms.begin(), rec.other_platforms.end(), same),
                                      rec.other_platforms.end());
            rec.other_platforms.push_back(std::move(pm));
        }
        std::vector<image::RefRow> refs;
        if (!tag_ref.empty()) refs.push_back({tag_ref, rec.id, top.digest, 0});
        refs.push_back({ref.repository() + "@" + top.digest, rec.id, top.digest, 0});
        std::vector<image::SnapshotRow> snap_rows;
        for (const auto& l : rec.layers)
            snap_rows.push_back({l.chain_id, "", snaps.size(l.chain_id)});
        for (size_t i = 1; i < rec.layers.size(); ++i) snap_rows[i].parent = rec.layers[i - 1].chain_id;
        store.put(rec, refs, snap_rows);

        report.image_id = rec.id;
        report.up_to_date = before && before->image_id == rec.id && before->target_digest == top.digest;
        return report;
    });
}

}  // namespace tug::engine
