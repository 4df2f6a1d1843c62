// Reads a volume record of the format before typed records. Used once per store, by the
// upgrade in store.cpp; nothing writes this format any more. The Mountpoint and Scope it
// held are not kept: both follow from the name and the local driver.
#include "engine/volume/record_legacy.hpp"

#include "engine/base/error.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/meta/legacy_json.hpp"

namespace tug::engine::volume {

using namespace meta::legacy;

VolumeRecord volume_from_legacy_json(std::string_view raw) {
    const nlohmann::json j = nlohmann::json::parse(raw, nullptr, false);
    if (!j.is_object() || text(j, "Name").empty())
        throw Error(Errc::Internal, "metadata record is damaged: not a volume's JSON");
    VolumeRecord r;
    r.name = text(j, "Name");
    if (const std::string driver = text(j, "Driver"); !driver.empty()) r.driver = driver;
    r.labels = text_map(j, "Labels");
    r.options = text_map(j, "Options");
    if (const auto ns = logs::parse_rfc3339_ns(text(j, "CreatedAt")); ns && *ns > 0)
        r.created = *ns / 1'000'000'000;
    if (j.contains("_tug")) r.users = texts(j["_tug"], "users");
    return r;
}

}  // namespace tug::engine::volume
