// Renders docker's network inspect object from the typed record (see inspect_json.hpp).
#include "engine/network/inspect_json.hpp"

namespace tug::engine::network {

using nlohmann::json;

namespace {

json ipam_json(const NetworkRecord& rec) {
    json pools = json::array();
    for (const auto& c : rec.ipam) {
        json p = {{"Subnet", c.subnet}};
        if (!c.gateway.empty()) p["Gateway"] = c.gateway;
        if (!c.ip_range.empty()) p["IPRange"] = c.ip_range;
        pools.push_back(std::move(p));
    }
    // The builtin networks show docker's null options; created ones an empty object.
    return {{"Driver", "default"},
            {"Options", rec.builtin ? json(nullptr) : json::object()},
            {"Config", pools}};
}

json containers_json(const NetworkRecord& rec, const std::vector<NetworkAttachment>& atts) {
    json containers = json::object();
    for (const auto& a : atts)
        for (const auto& e : a.endpoints)
            if (e.network_id == rec.id)
                containers[a.container_id] = {{"Name", a.container_name},
                                              {"EndpointID", e.endpoint_id},
                                              {"MacAddress", e.mac},
                                              {"IPv4Address", e.ipv4},
                                              {"IPv6Address", e.ipv6}};
    return containers;
}

}  // namespace

json inspect_json(const NetworkRecord& rec, const std::vector<NetworkAttachment>& attachments) {
    return {{"Name", rec.name},
            {"Id", rec.id},
            {"Created", network_created_at(rec)},
            {"Scope", "local"},
            {"Driver", rec.driver},
            {"EnableIPv6", rec.enable_ipv6},
            {"IPAM", ipam_json(rec)},
            {"Internal", rec.internal},
            {"Attachable", false},
            {"Ingress", false},
            {"ConfigFrom", {{"Network", ""}}},
            {"ConfigOnly", false},
            {"Containers", containers_json(rec, attachments)},
            {"Options", rec.options},
            {"Labels", rec.labels}};
}

}  // namespace tug::engine::network
