// Manifest, index and config parsing; loading them from the store or the registry.
#include "engine/image/manifest.hpp"

#include "engine/base/error.hpp"

namespace tug::engine::image {

namespace mt = content::media_type;

nlohmann::json parse_json(const std::string& bytes, const std::string& what) {
    try {
        return nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::InvalidArgument, what + ": invalid JSON: " + e.what());
    }
}

std::string manifest_media_type(const std::string& given, const std::string& bytes) {
    if (mt::is_index(given) || mt::is_manifest(given)) return given;
    nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_object()) {
        if (j.contains("mediaType") && j["mediaType"].is_string()) return j["mediaType"].get<std::string>();
        if (j.contains("manifests")) return std::string(mt::kOciIndex);
        if (j.contains("layers")) return std::string(mt::kOciManifest);
        if (j.value("schemaVersion", 0) == 1) return std::string(mt::kDockerManifestV1);
    }
    return given;
}

ParsedManifest parse_manifest(const std::string& media_type, const std::string& digest, const std::string& bytes) {
    return with_context("manifest " + digest, [&] {
        ParsedManifest m{media_type, digest, bytes, {}, {}};
        auto j = parse_json(bytes, "parse");
        try {
            m.config = j.at("config").get<content::Descriptor>();
            for (const auto& l : j.value("layers", nlohmann::json::array()))
                m.layers.push_back(l.get<content::Descriptor>());
        } catch (const nlohmann::json::exception& e) {
            throw Error(Errc::InvalidArgument, std::string("malformed: ") + e.what());
        }
        return m;
    });
}

ParsedIndex parse_index(const std::string& media_type, const std::string& digest, const std::string& bytes) {
    return with_context("index " + digest, [&] {
        ParsedIndex x{media_type, digest, bytes, {}};
        auto j = parse_json(bytes, "parse");
        try {
            for (const auto& d : j.value("manifests", nlohmann::json::array()))
                x.manifests.push_back(d.get<content::Descriptor>());
        } catch (const nlohmann::json::exception& e) {
            throw Error(Errc::InvalidArgument, std::string("malformed: ") + e.what());
        }
        return x;
    });
}

registry::Manifest load_manifest(registry::Client& client, content::Store& store, const std::string& repo,
                                 const content::Descriptor& desc) {
    if (store.exists(desc.digest)) {
        std::string bytes = store.read_blob(desc.digest);
        return {manifest_media_type(desc.media_type, bytes), desc.digest, std::move(bytes)};
    }
    registry::Manifest m = client.get_manifest(repo, desc.digest);
    store.write_blob(m.bytes, desc.digest);
    m.media_type = manifest_media_type(m.media_type.empty() ? desc.media_type : m.media_type, m.bytes);
    return m;
}

std::string load_blob(registry::Client& client, content::Store& store, const std::string& repo,
                      const content::Descriptor& desc) {
    if (store.exists(desc.digest)) return store.read_blob(desc.digest);
    std::string bytes = client.fetch_blob_bytes(repo, desc);
    store.write_blob(bytes, desc.digest);
    return bytes;
}

bool is_attestation(const content::Descriptor& d) {
    if (d.annotations.count("vnd.docker.reference.type")) return true;
    return d.platform && (d.platform->os == "unknown" || d.platform->architecture == "unknown");
}

}  // namespace tug::engine::image
