// image_push: send the blobs a registry lacks, then the stored manifest (or index)
// bytes unchanged, so the digests on the registry are the local ones.
#include <algorithm>
#include <atomic>
#include <functional>
#include <set>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/manifest.hpp"
#include "engine/image/parallel.hpp"
#include "engine/image/progress.hpp"
#include "engine/image/store.hpp"
#include "engine/reference/reference.hpp"
#include "engine/registry/client.hpp"

namespace tug::engine {

namespace {

namespace mt = content::media_type;

bool is_foreign(const content::Descriptor& d) {
    return !d.urls.empty() || d.media_type == mt::kDockerForeignLayerGzip ||
           d.media_type.find("nondistributable") != std::string::npos;
}

struct Pusher {
    registry::Client& client;
    content::Store& cs;
    image::Progress& progress;
    std::string repo;
    std::optional<std::string> mount_from;
    size_t parallel;
    std::set<std::string> done;  // blobs pushed (or found) in this run

    void push_blob(const content::Descriptor& d, bool show) {
        const std::string id = image::short_id(d.digest);
        if (!cs.exists(d.digest)) {
            // Not stored here (never pulled): fine if the registry already has it.
            if (client.blob_exists(repo, d.digest)) {
                if (show) progress.status(id, ProgressStatus::LayerAlreadyExists);
                return;
            }
            throw Error(Errc::NotFound, "blob " + d.digest + " is not in the local store");
        }
        content::Reader reader = cs.open_reader(d.digest);
        auto on_bytes = [&, id](int64_t sent, int64_t total) {
            if (show) progress.status(id, ProgressStatus::Pushing, sent, total);
        };
        auto result = client.push_blob(repo, d, reader, on_bytes, mount_from);
        if (!show) return;
        if (result == registry::PushResult::Exists)
            progress.status(id, ProgressStatus::LayerAlreadyExists);
        else if (result == registry::PushResult::Mounted)
            progress.status(id, ProgressStatus::MountedFrom, 0, 0, mount_from.value_or(""));
        else
            progress.status(id, ProgressStatus::Pushed);
    }

    // Config and layers of one manifest, layers in parallel.
    void push_manifest_blobs(const image::ParsedManifest& m) {
        std::vector<const content::Descriptor*> layers;
        for (const auto& l : m.layers)
            if (!is_foreign(l) && done.insert(l.digest).second) layers.push_back(&l);
        for (const auto* l : layers) progress.status(image::short_id(l->digest), ProgressStatus::Preparing);
        std::vector<std::function<void()>> tasks;
        for (const auto* l : layers) tasks.push_back([this, l] { push_blob(*l, true); });
        std::atomic<bool> cancel{false};
        image::run_parallel(parallel, tasks, cancel);
        if (done.insert(m.config.digest).second) push_blob(m.config, false);
    }
};

}  // namespace

ImagePushReport image_push(const EngineConfig& cfg, const ImagePushOptions& opts) {
    const reference::Reference ref = reference::parse_reference(opts.reference);
    return with_context("push " + ref.string(), [&] {
        image::Progress progress(opts.progress);
        const reference::Reference named = reference::parse_named(opts.reference);
        if (named.tag.empty() && named.digest.empty()) progress.message("Using default tag: latest");
        image::ImageStore store(cfg);
        content::Store cs = content::Store::for_config(cfg);
        base::FileLock gc = store.gc_lock(base::FileLock::Mode::Shared);
        image::ImageRecord rec;
        try {
            rec = store.resolve(ref.string());
        } catch (const Error& e) {
            if (e.code() != Errc::NotFound) throw;
            throw Error(Errc::NotFound, "An image does not exist locally with the tag: " + ref.familiar_name());
        }
        progress.message("The push refers to repository [" + ref.repository() + "]");

        registry::Client client(cfg, ref.domain);
        Pusher pusher{client, cs, progress, ref.path, std::nullopt,
                      static_cast<size_t>(std::max(1, cfg.max_concurrent_uploads)), {}};
        // Blobs of this image already in another repository of the same registry can be
        // mounted instead of uploaded.
        for (const auto& r : store.refs_of(rec.id)) {
            auto other = reference::parse_named(r.reference);
            if (other.domain == ref.domain && other.path != ref.path) {
                pusher.mount_from = other.path;
                break;
            }
        }

        ImagePushReport report;
        report.reference = ref.string();
        report.tag = ref.digest.empty() ? ref.tag : "";
        std::string media_type, bytes;
        if (opts.all_platforms && !rec.index_digest.empty()) {
            bytes = cs.read_blob(rec.index_digest);
            media_type = rec.index_media_type;
            auto index = image::parse_index(media_type, rec.index_digest, bytes);
            for (const auto& d : index.manifests) {
                if (!cs.exists(d.digest)) {
                    const std::string what = d.platform ? image::format_platform(*d.platform) : d.digest;
                    throw Error(Errc::FailedPrecondition, "content of " + d.digest + " (" + what +
                                                              ") is not in the local store; pull with --all-platforms first");
                }
                const std::string mbytes = cs.read_blob(d.digest);
                const std::string mtype = image::manifest_media_type(d.media_type, mbytes);
                if (mt::is_manifest(mtype)) pusher.push_manifest_blobs(image::parse_manifest(mtype, d.digest, mbytes));
                client.put_manifest(ref.path, d.digest, mtype, mbytes);
            }
            report.digest = rec.index_digest;
        } else {
            bytes = cs.read_blob(rec.manifest_digest);
            media_type = image::manifest_media_type(rec.manifest_media_type, bytes);
            pusher.push_manifest_blobs(image::parse_manifest(media_type, rec.manifest_digest, bytes));
            report.digest = rec.manifest_digest;
        }
        const std::string pushed = client.put_manifest(ref.path, ref.tag_or_digest(), media_type, bytes);
        if (!pushed.empty() && pushed != report.digest)
            throw Error(Errc::Internal, "registry computed digest " + pushed + " for manifest " + report.digest);
        report.size = static_cast<int64_t>(bytes.size());
        store.set_ref({ref.repository() + "@" + report.digest, rec.id, report.digest, 0});
        return report;
    });
}

}  // namespace tug::engine
