// Reads an image record of the format before typed records. Used once per store, by the
// upgrade in store.cpp; nothing writes this format any more. Its "createdUnix" is not
// kept: it follows from "created".
#include "engine/image/record_legacy.hpp"

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/content/descriptor.hpp"

namespace tug::engine::image {

using nlohmann::json;

namespace {

Platform platform_of(const json& j) {
    auto it = j.find("platform");
    return it != j.end() && it->is_object() ? it->get<Platform>() : Platform{};
}

}  // namespace

ImageRecord image_from_legacy_json(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("id") || !j["id"].is_string())
        throw Error(Errc::Internal, "metadata record is damaged: not an image's JSON");
    try {
        ImageRecord r;
        r.id = j.value("id", "");
        r.config_media_type = j.value("configMediaType", "");
        r.manifest_digest = j.value("manifestDigest", "");
        r.manifest_media_type = j.value("manifestMediaType", "");
        r.manifest_size = j.value("manifestSize", int64_t{0});
        r.index_digest = j.value("indexDigest", "");
        r.index_media_type = j.value("indexMediaType", "");
        for (const auto& lj : j.value("layers", json::array())) {
            LayerRecord l;
            l.digest = lj.value("digest", "");
            l.media_type = lj.value("mediaType", "");
            l.size = lj.value("size", int64_t{0});
            l.diff_id = lj.value("diffID", "");
            l.chain_id = lj.value("chainID", "");
            l.urls = lj.value("urls", std::vector<std::string>{});
            r.layers.push_back(std::move(l));
        }
        r.platform = platform_of(j);
        for (const auto& pj : j.value("otherPlatforms", json::array())) {
            PlatformManifest p;
            p.digest = pj.value("digest", "");
            p.media_type = pj.value("mediaType", "");
            p.platform = platform_of(pj);
            p.config_digest = pj.value("config", "");
            p.layer_digests = pj.value("layers", std::vector<std::string>{});
            r.other_platforms.push_back(std::move(p));
        }
        r.size = j.value("size", int64_t{0});
        r.created = j.value("created", "");
        r.stored = j.value("stored", int64_t{0});
        return r;
    } catch (const json::exception& e) {
        throw Error(Errc::Internal, std::string("metadata record is damaged: ") + e.what());
    }
}

}  // namespace tug::engine::image
