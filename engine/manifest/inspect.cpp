// manifest inspect: a local list, an entry of it, or a manifest/list in a registry,
// printed as docker prints them (3-space indented JSON).
#include <nlohmann/json.hpp>

#include "engine/api/manifest.hpp"
#include "engine/base/error.hpp"
#include "engine/image/manifest.hpp"
#include "engine/manifest/common.hpp"
#include "engine/manifest/list_store.hpp"
#include "engine/registry/client.hpp"

namespace tug::engine {

namespace mt = content::media_type;
using nlohmann::ordered_json;

namespace {

std::string indent(const std::string& raw) {
    ordered_json j = ordered_json::parse(raw, nullptr, false);
    if (j.is_discarded()) throw Error(Errc::InvalidArgument, "manifest is not valid JSON");
    return j.dump(3);
}

std::string print_entry(const manifest::Entry& e, bool verbose) {
    return verbose ? manifest::image_manifest_json(e).dump(3) : indent(e.raw);
}

manifest::Entry remote_entry(registry::Client& client, const reference::Reference& ref, const registry::Manifest& m,
                             const std::string& type) {
    auto parsed = image::parse_manifest(type, m.digest, m.bytes);
    manifest::Entry e;
    e.ref = ref.string();
    e.descriptor = {type, m.digest, static_cast<int64_t>(m.bytes.size())};
    e.descriptor.platform = manifest::platform_of_config(client.fetch_blob_bytes(ref.path, parsed.config));
    e.raw = m.bytes;
    return e;
}

}  // namespace

std::string manifest_inspect(const EngineConfig& cfg, const ManifestInspectOptions& opts) {
    manifest::ListStore store(cfg);
    const reference::Reference ref = reference::parse_reference(opts.manifest);
    if (!opts.list.empty()) {
        const reference::Reference list = reference::parse_reference(opts.list);
        auto entries = store.load(list.string());
        const manifest::Entry* e = manifest::find_entry(entries, ref);
        if (!e)
            throw Error(Errc::NotFound,
                        "manifest for image " + ref.familiar() + " does not exist in " + list.familiar());
        return print_entry(*e, opts.verbose);
    }
    if (store.exists(ref.string())) {
        auto entries = store.load(ref.string());
        if (!opts.verbose) return manifest::list_json(entries).dump(3);
        ordered_json arr = ordered_json::array();
        for (const auto& e : entries) arr.push_back(manifest::image_manifest_json(e));
        return arr.dump(3);
    }
    return with_context(ref.familiar(), [&] {
        registry::Client client(manifest::with_insecure(cfg, ref, opts.insecure), ref.domain);
        registry::Manifest m = client.get_manifest(ref.path, ref.tag_or_digest());
        const std::string type = image::manifest_media_type(m.media_type, m.bytes);
        if (!opts.verbose) return indent(m.bytes);
        if (mt::is_manifest(type)) return print_entry(remote_entry(client, ref, m, type), true);
        ordered_json arr = ordered_json::array();
        for (const auto& d : image::parse_index(type, m.digest, m.bytes).manifests) {
            if (!mt::is_manifest(d.media_type)) continue;
            registry::Manifest sub = client.get_manifest(ref.path, d.digest);
            reference::Reference at = ref;
            at.tag.clear();
            at.digest = d.digest;
            manifest::Entry e = remote_entry(client, at, sub, image::manifest_media_type(d.media_type, sub.bytes));
            if (d.platform) e.descriptor.platform = d.platform;
            arr.push_back(manifest::image_manifest_json(e));
        }
        return arr.dump(3);
    });
}

}  // namespace tug::engine
