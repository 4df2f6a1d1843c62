// Reads a network record of the format before typed records. Used once per store, by the
// upgrade in store.cpp; nothing writes this format any more. What every network had alike
// (Scope, IPAM driver, Attachable, Ingress, ConfigFrom, ConfigOnly) is not kept.
#include "engine/network/record_legacy.hpp"

#include "engine/base/error.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/meta/legacy_json.hpp"

namespace tug::engine::network {

using nlohmann::json;
using namespace meta::legacy;

NetworkRecord network_from_legacy_json(std::string_view raw) {
    const json j = json::parse(raw, nullptr, false);
    if (!j.is_object() || text(j, "Id").empty() || text(j, "Name").empty())
        throw Error(Errc::Internal, "metadata record is damaged: not a network's JSON");
    NetworkRecord r;
    r.id = text(j, "Id");
    r.name = text(j, "Name");
    if (const auto ns = logs::parse_rfc3339_ns(text(j, "Created")); ns && *ns > 0)
        r.created_ns = *ns;
    r.driver = text(j, "Driver");
    r.enable_ipv6 = flag(j, "EnableIPv6");
    r.internal = flag(j, "Internal");
    if (auto ipam = j.find("IPAM"); ipam != j.end() && ipam->is_object())
        if (auto cfg = ipam->find("Config"); cfg != ipam->end() && cfg->is_array())
            for (const auto& c : *cfg)
                if (c.is_object())
                    r.ipam.push_back({text(c, "Subnet"), text(c, "Gateway"), text(c, "IPRange")});
    r.options = text_map(j, "Options");
    r.labels = text_map(j, "Labels");
    if (auto tug = j.find("_tug"); tug != j.end() && tug->is_object()) {
        r.builtin = flag(*tug, "builtin");
        r.device = text(*tug, "device");
    }
    return r;
}

}  // namespace tug::engine::network
