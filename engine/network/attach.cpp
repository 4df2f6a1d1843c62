// attach/detach: a container's pinned netns, its CNI endpoints and published ports, and
// the record that lets detach undo all of it (also after a crash).
#include <set>

#include "cni/netns.hpp"
#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/network/attachments.hpp"
#include "engine/network/endpoint.hpp"
#include "engine/network/ports.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {

using nlohmann::json;

namespace {

std::set<std::string> network_ids_of(const NetworkAttachment& att) {
    std::set<std::string> ids;
    for (const auto& e : att.endpoints) ids.insert(e.network_id);
    return ids;
}

// detach with the container lock held.
void detach_locked(const EngineConfig& config, const std::string& id) {
    const std::string netns = netns_path(config, id);
    std::set<std::string> networks;
    if (auto raw = read_attachment_json(config, id)) {
        auto att = attachment_from_json(*raw);
        networks = network_ids_of(att);
        std::vector<Endpoint> failed;
        std::optional<Error> first;
        for (auto it = att.endpoints.rbegin(); it != att.endpoints.rend(); ++it) {
            try {
                del_endpoint(config, att.netns.empty() ? netns : att.netns, id, *it);
            } catch (const Error& e) {
                if (!first) first = e;
                failed.insert(failed.begin(), *it);
            }
        }
        if (first) {
            // Keep what could not be removed so that a later detach can retry it.
            att.endpoints = failed;
            write_attachment_json(config, id, attachment_to_json(att));
            throw first->wrap("detach network of " + id.substr(0, 12));
        }
    }
    cni::remove_netns(netns);
    remove_attachment(config, id);
    if (!networks.empty()) refresh_hosts_of(config, networks);
}

}  // namespace

std::optional<NetworkAttachment> find_attachment(const EngineConfig& config, const std::string& container_id) {
    auto raw = read_attachment_json(config, container_id);
    if (!raw) return std::nullopt;
    return attachment_from_json(*raw);
}

NetworkAttachment attach(const EngineConfig& config, const AttachRequest& req) {
    if (req.container_id.empty()) throw Error(Errc::InvalidArgument, "attach network: no container id");
    Store store(config);
    store.ensure_defaults();
    std::vector<std::string> names = req.networks.empty() ? std::vector<std::string>{kDefaultNetwork} : req.networks;
    std::vector<NetworkRecord> networks;
    std::set<std::string> seen;
    for (const auto& n : names) {
        NetworkRecord rec = store.get(n);
        if (!rec.is_cni()) {
            throw Error(Errc::InvalidArgument, "container cannot be attached to network " + rec.name +
                                                   " together with others (use --network " + rec.name +
                                                   " alone)");
        }
        if (seen.insert(rec.id).second) networks.push_back(std::move(rec));
    }
    if ((!req.ip.empty() || !req.ip6.empty()) && networks.front().builtin) {
        throw Error(Errc::InvalidArgument, "user specified IP address is supported on user defined networks only");
    }
    NetworkAttachment att;
    att.container_id = req.container_id;
    att.container_name = req.container_name;
    att.hostname = req.hostname;
    att.netns = netns_path(config, req.container_id);
    att.dns = req.dns;
    att.dns_search = req.dns_search;
    att.dns_options = req.dns_options;
    att.add_hosts = req.add_hosts;
    att.hosts_path = req.hosts_path;
    att.resolv_path = req.resolv_path;

    auto lock = lock_container(config, req.container_id);
    if (read_attachment_json(config, req.container_id) || cni::netns_pinned(att.netns)) {
        base::log_warning("network of " + req.container_id.substr(0, 12) + ": removing a stale attachment");
        detach_locked(config, req.container_id);
    }
    // The ports go through the first network that can publish them.
    size_t port_net = networks.size();
    for (size_t i = 0; i < networks.size() && port_net == networks.size(); ++i) {
        if (publishes_ports(networks[i])) port_net = i;
    }
    if (!req.ports.empty() && port_net == networks.size()) {
        throw Error(Errc::InvalidArgument, "cannot publish ports on network " + networks.front().name);
    }

    base::UndoStack undo;
    undo.on_error = [](const std::string& what, const std::string& err) {
        base::log_warning("undo " + what + ": " + err);
    };
    undo.push("remove attachment record", [&config, id = req.container_id] { remove_attachment(config, id); });
    {
        // Ports are host-wide: allocate and record them under one lock so that two tug
        // processes never hand out the same one.
        auto ports_lock = base::FileLock::acquire(host_lock_path("ports"));
        att.ports = req.ports;
        allocate_ports(att.ports, ports_in_use(config, req.container_id));
        write_attachment_json(config, req.container_id, attachment_to_json(att));
    }
    base::make_dirs(paths_for(config).netns, 0755);
    undo.push("remove netns " + att.netns, [ns = att.netns] { cni::remove_netns(ns); });
    cni::create_netns(att.netns);
    for (size_t i = 0; i < networks.size(); ++i) {
        EndpointPlan plan;
        plan.network = networks[i];
        plan.ifname = "eth" + std::to_string(i);
        if (auto it = req.aliases.find(networks[i].name); it != req.aliases.end()) plan.aliases = it->second;
        if (i == 0) {
            plan.ip = req.ip;
            plan.ip6 = req.ip6;
            plan.mac = req.mac;
        }
        if (i == port_net) plan.ports = att.ports;
        att.endpoints.push_back(add_endpoint(config, att.netns, req.container_id, plan, undo));
        // Recorded after each ADD so that a crash leaves detach a complete list.
        write_attachment_json(config, req.container_id, attachment_to_json(att));
    }
    if (!att.resolv_path.empty()) {
        auto in = host_resolv_input();
        in.dns = att.dns;
        in.dns_search = att.dns_search;
        in.dns_options = att.dns_options;
        write_in_place(att.resolv_path, render_resolv_conf(in));
    }
    if (!att.hosts_path.empty()) {
        std::set<std::string> user_networks;
        for (const auto& rec : networks) {
            if (!rec.builtin) user_networks.insert(rec.id);
        }
        write_in_place(att.hosts_path, hosts_for(att, list_attachments(config), user_networks));
    }
    undo.commit();
    refresh_hosts_of(config, network_ids_of(att));
    return att;
}

void detach(const EngineConfig& config, const std::string& container_id) {
    if (container_id.empty()) return;
    auto lock = lock_container(config, container_id);
    detach_locked(config, container_id);
}

}  // namespace tug::engine::network
