// Fetching manifest list entries from a registry or the local image store.
#include "engine/manifest/common.hpp"

#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/manifest.hpp"
#include "engine/image/store.hpp"
#include "engine/registry/client.hpp"

namespace tug::engine::manifest {

namespace mt = content::media_type;

EngineConfig with_insecure(const EngineConfig& cfg, const reference::Reference& ref, bool insecure) {
    EngineConfig c = cfg;
    if (insecure) c.insecure_registries.push_back(ref.domain);
    return c;
}

content::Platform platform_of_config(const std::string& config_bytes) {
    auto j = image::parse_json(config_bytes, "image config");
    content::Platform p;
    p.architecture = j.value("architecture", "");
    p.os = j.value("os", "");
    p.variant = j.value("variant", "");
    p.os_version = j.value("os.version", "");
    if (j.contains("os.features") && j["os.features"].is_array())
        p.os_features = j["os.features"].get<std::vector<std::string>>();
    return p;
}

namespace {

Entry from_registry(const EngineConfig& cfg, const reference::Reference& ref) {
    registry::Client client(cfg, ref.domain);
    registry::Manifest m = client.get_manifest(ref.path, ref.tag_or_digest());
    const std::string type = image::manifest_media_type(m.media_type, m.bytes);
    if (mt::is_index(type)) throw Error(Errc::InvalidArgument, ref.familiar() + " is a manifest list");
    if (!mt::is_manifest(type)) throw Error(Errc::InvalidArgument, "unsupported manifest format: " + type);
    auto parsed = image::parse_manifest(type, m.digest, m.bytes);
    Entry e;
    e.ref = ref.string();
    e.descriptor = {type, m.digest, static_cast<int64_t>(m.bytes.size())};
    e.descriptor.platform = platform_of_config(client.fetch_blob_bytes(ref.path, parsed.config));
    e.raw = m.bytes;
    return e;
}

std::optional<Entry> from_local(const EngineConfig& cfg, const reference::Reference& ref, const std::string& as_typed) {
    image::ImageStore store(cfg);
    image::ImageRecord rec;
    try {
        rec = store.resolve(as_typed);
    } catch (const Error& e) {
        if (e.code() == Errc::NotFound) return std::nullopt;
        throw;
    }
    content::Store cs = content::Store::for_config(cfg);
    Entry e;
    e.ref = ref.string();
    e.raw = cs.read_blob(rec.manifest_digest);
    e.descriptor = {image::manifest_media_type(rec.manifest_media_type, e.raw), rec.manifest_digest,
                    static_cast<int64_t>(e.raw.size())};
    e.descriptor.platform = platform_of_config(cs.read_blob(rec.id));
    e.local = true;
    return e;
}

}  // namespace

Entry fetch_entry(const EngineConfig& cfg, const reference::Reference& ref, bool insecure) {
    try {
        return from_registry(with_insecure(cfg, ref, insecure), ref);
    } catch (const Error& e) {
        if (e.code() == Errc::InvalidArgument) throw;
        if (auto local = from_local(cfg, ref, ref.string())) return *local;
        throw;
    }
}

const Entry* find_entry(const std::vector<Entry>& entries, const reference::Reference& ref) {
    for (const auto& e : entries)
        if (e.ref == ref.string()) return &e;
    if (!ref.digest.empty())
        for (const auto& e : entries)
            if (e.descriptor.digest == ref.digest) return &e;
    return nullptr;
}

}  // namespace tug::engine::manifest
