// network connect/disconnect: one more (or one less) endpoint on an attached container.
#include <set>

#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/network/attachments.hpp"
#include "engine/network/endpoint.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {

Endpoint connect(const EngineConfig& config, const std::string& netns_path, const std::string& container_id,
                 const std::string& network, const std::vector<std::string>& aliases, const std::string& ip) {
    Store store(config);
    store.ensure_defaults();
    auto rec = store.get(network);
    if (!rec.is_cni()) {
        throw Error(Errc::InvalidArgument, "container cannot be disconnected from host network or connected to host network");
    }
    if (!ip.empty() && rec.builtin) {
        throw Error(Errc::InvalidArgument, "user specified IP address is supported on user defined networks only");
    }
    auto lock = lock_container(config, container_id);
    NetworkAttachment att;
    if (auto raw = read_attachment_json(config, container_id)) {
        att = attachment_from_json(*raw);
    } else {
        if (netns_path.empty()) {
            throw Error(Errc::FailedPrecondition, "container " + container_id.substr(0, 12) +
                                                      " has no network namespace managed by tug (is it running, "
                                                      "on a bridge or user network?)");
        }
        att.container_id = container_id;
        att.netns = netns_path;
    }
    std::set<std::string> ifnames;
    for (const auto& e : att.endpoints) {
        if (e.network_id == rec.id) {
            throw Error(Errc::Conflict, "endpoint with name " +
                                            (att.container_name.empty() ? container_id.substr(0, 12) : att.container_name) +
                                            " already exists in network " + rec.name);
        }
        ifnames.insert(e.ifname);
    }
    EndpointPlan plan;
    plan.network = rec;
    plan.aliases = aliases;
    plan.ip = ip;
    for (int i = 0; plan.ifname.empty(); ++i) {
        if (!ifnames.count("eth" + std::to_string(i))) plan.ifname = "eth" + std::to_string(i);
    }
    base::UndoStack undo;
    auto ep = add_endpoint(config, netns_path.empty() ? att.netns : netns_path, container_id, plan, undo);
    att.endpoints.push_back(ep);
    write_attachment_json(config, container_id, attachment_to_json(att));
    undo.commit();
    refresh_hosts_of(config, {rec.id});
    return ep;
}

void disconnect(const EngineConfig& config, const std::string& container_id, const std::string& network) {
    Store store(config);
    auto rec = store.get(network);
    auto lock = lock_container(config, container_id);
    auto raw = read_attachment_json(config, container_id);
    NetworkAttachment att;
    if (raw) att = attachment_from_json(*raw);
    auto it = std::find_if(att.endpoints.begin(), att.endpoints.end(),
                           [&](const Endpoint& e) { return e.network_id == rec.id; });
    if (it == att.endpoints.end()) {
        throw Error(Errc::NotFound, "container " + container_id.substr(0, 12) + " is not connected to network " +
                                        rec.name);
    }
    const bool carried_ports = it == att.endpoints.begin() || it->ifname == "eth0";
    del_endpoint(config, att.netns, container_id, *it);
    att.endpoints.erase(it);
    if (carried_ports && publishes_ports(rec)) att.ports.clear();
    write_attachment_json(config, container_id, attachment_to_json(att));
    refresh_hosts_of(config, {rec.id});
}

}  // namespace tug::engine::network
