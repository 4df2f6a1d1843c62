// manifest push: each entry's manifest (and, across repositories, its blobs) into the
// list's repository, then the list itself.
#include <fcntl.h>

#include "engine/api/manifest.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/manifest.hpp"
#include "engine/manifest/common.hpp"
#include "engine/manifest/list_store.hpp"
#include "engine/registry/client.hpp"

namespace tug::engine {

namespace mt = content::media_type;

namespace {

void push_blob(registry::Client& client, content::Store& cs, const std::string& repo, const content::Descriptor& d,
               const std::optional<std::string>& mount_from) {
    if (client.blob_exists(repo, d.digest)) return;
    if (cs.exists(d.digest)) {
        content::Reader reader = cs.open_reader(d.digest);
        client.push_blob(repo, d, reader, {}, mount_from);
        return;
    }
    if (!mount_from)
        throw Error(Errc::NotFound, "blob " + d.digest + " is neither in the registry nor in the local store");
    // Not stored here: only a cross-repository mount can provide it.
    content::Reader empty(base::open_fd("/dev/null", O_RDONLY), 0);
    auto r = client.push_blob(repo, d, empty, {}, mount_from);
    if (r == registry::PushResult::Uploaded)
        throw Error(Errc::FailedPrecondition, "blob " + d.digest + " could not be mounted from " + *mount_from);
}

}  // namespace

std::string manifest_push(const EngineConfig& cfg, const ManifestPushOptions& opts) {
    const reference::Reference list = reference::parse_reference(opts.list);
    return with_context("push " + list.familiar(), [&] {
        if (!list.digest.empty()) throw Error(Errc::InvalidArgument, "cannot push to a digest reference");
        manifest::ListStore store(cfg);
        auto entries = store.load(list.string());
        registry::Client client(manifest::with_insecure(cfg, list, opts.insecure), list.domain);
        content::Store cs = content::Store::for_config(cfg);
        for (const auto& e : entries) {
            const reference::Reference src = reference::parse_reference(e.ref);
            if (src.domain != list.domain && !e.local)
                throw Error(Errc::InvalidArgument, "cannot use source images from a different registry than the target image: " +
                                                       src.domain + " != " + list.domain);
            if (client.head_manifest(list.path, e.descriptor.digest)) continue;
            std::optional<std::string> mount_from;
            if (src.domain == list.domain && src.path != list.path) mount_from = src.path;
            auto m = image::parse_manifest(e.descriptor.media_type, e.descriptor.digest, e.raw);
            push_blob(client, cs, list.path, m.config, mount_from);
            for (const auto& l : m.layers)
                if (l.urls.empty()) push_blob(client, cs, list.path, l, mount_from);
            client.put_manifest(list.path, e.descriptor.digest, e.descriptor.media_type, e.raw);
        }
        auto j = manifest::list_json(entries);
        const std::string bytes = j.dump(3);
        const std::string digest = client.put_manifest(list.path, list.tag, j["mediaType"].get<std::string>(), bytes);
        if (opts.purge) store.remove(list.string());
        return digest.empty() ? content::sha256_digest(bytes) : digest;
    });
}

}  // namespace tug::engine
