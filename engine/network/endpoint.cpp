// CNI ADD/DEL of one endpoint, bridge creation under the host-wide lock, and hosts refresh.
#include "engine/network/endpoint.hpp"

#include <set>

#include "cni/exec.hpp"
#include "cni/link.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"
#include "engine/base/random.hpp"
#include "engine/network/attachments.hpp"
#include "engine/network/network_rules.hpp"
#include "engine/network/ports.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {

using nlohmann::json;

bool publishes_ports(const NetworkRecord& network) {
    return network.driver == "bridge" && !network.internal;
}

namespace {

// tug creates a network's bridge with its gateway address itself, under a host-wide
// lock, instead of leaving it to the first of many concurrent bridge plugin ADDs; the
// route it adds also marks the subnet as used for other data roots choosing a subnet.
// Its NAT and forwarding rules are set up here too, once (see network_rules.hpp).
void ensure_network_bridge(const NetworkRecord& network, const base::ChildEnv& child) {
    const std::string device = network.device;
    if (network.driver != "bridge" || device.empty()) return;
    if (cni::link_exists(device) && network_rules_done(network)) return;
    const std::string subnet = network.subnet4(), gateway = network.gateway4();
    std::string cidr;
    if (!subnet.empty() && !gateway.empty()) cidr = gateway + "/" + subnet.substr(subnet.find('/') + 1);
    auto lock = base::FileLock::acquire(host_lock_path("bridges"));
    if (!cni::link_exists(device)) cni::ensure_bridge(device, cidr);
    ensure_network_rules(network, child);
}

cni::RuntimeConf runtime_conf(const std::string& netns, const std::string& container_id, const std::string& ifname) {
    cni::RuntimeConf rt;
    rt.container_id = container_id;
    rt.netns = netns;
    rt.ifname = ifname;
    return rt;
}

}  // namespace

Endpoint add_endpoint(const EngineConfig& config, const std::string& netns, const std::string& container_id,
                      const EndpointPlan& plan, base::UndoStack& undo) {
    const std::string name = plan.network.name;
    return with_context("network " + name, [&] {
        ensure_network_bridge(plan.network, config.children);
        std::set<std::string> unused;
        if (plan.ports.empty()) unused.insert("portmap");
        if (plan.mac.empty()) unused.insert("tuning");
        const auto list = without_plugins(load_network_conflist(config, plan.network), unused);
        auto rt = runtime_conf(netns, container_id, plan.ifname);
        if (!plan.ports.empty())
            rt.capability_args["portMappings"] = portmap_capability(plan.ports);
        if (!plan.mac.empty()) rt.capability_args["mac"] = plan.mac;
        json ips = json::array();
        if (!plan.ip.empty()) ips.push_back(plan.ip);
        if (!plan.ip6.empty()) ips.push_back(plan.ip6);
        if (!ips.empty()) rt.capability_args["ips"] = ips;
        const auto opts = exec_options(config);
        undo.push("cni del " + name + " " + plan.ifname, [opts, list, rt] { cni::del_network_list(opts, list, rt); });
        const auto result = cni::parse_result(cni::add_network_list(opts, list, rt));
        Endpoint ep;
        ep.network = name;
        ep.network_id = plan.network.id;
        ep.ifname = plan.ifname;
        ep.endpoint_id = base::random_id();
        ep.aliases = plan.aliases;
        ep.mac = result.mac_of(plan.ifname);
        if (const auto* ip4 = result.first_ip(false)) {
            ep.ipv4 = ip4->address;
            ep.gateway = ip4->gateway;
        }
        if (const auto* ip6 = result.first_ip(true)) {
            ep.ipv6 = ip6->address;
            ep.gateway6 = ip6->gateway;
        }
        return ep;
    });
}

void del_endpoint(const EngineConfig& config, const std::string& netns, const std::string& container_id,
                  const Endpoint& ep) {
    with_context("network " + ep.network, [&] {
        const auto opts = exec_options(config);
        const auto rt = runtime_conf(netns, container_id, ep.ifname);
        // del_network_list runs the config cached with the ADD result (what ADD ran, with
        // plugins trimmed per endpoint) when there is one.
        Store store(config);
        if (auto rec = store.find(ep.network_id)) {
            cni::del_network_list(opts, load_network_conflist(config, *rec), rt);
            return;
        }
        // The network record is gone: only the cached config can say what to undo.
        if (auto cached = cni::cached_result(opts, ep.network, rt)) {
            cni::del_network_list(opts, cni::parse_conflist((*cached)["config"].get<std::string>()), rt);
        }
    });
}

void refresh_hosts_of(const EngineConfig& config, const std::set<std::string>& network_ids) {
    Store store(config);
    std::set<std::string> user_networks;
    for (const auto& rec : store.list()) {
        if (!rec.builtin) user_networks.insert(rec.id);
    }
    bool any = false;
    for (const auto& id : network_ids) any = any || user_networks.count(id);
    if (!any) return;
    base::make_dirs(paths_for(config).locks, 0700);
    auto lock = base::FileLock::acquire(paths_for(config).locks + "/hosts.lock");
    const auto all = list_attachments(config);
    for (const auto& att : all) {
        if (att.hosts_path.empty()) continue;
        bool on = false;
        for (const auto& e : att.endpoints) on = on || network_ids.count(e.network_id);
        if (!on) continue;
        try {
            write_in_place(att.hosts_path, hosts_for(att, all, user_networks));
        } catch (const Error& e) {
            base::log_warning("update hosts of " + att.container_id.substr(0, 12) + ": " + e.message());
        }
    }
}

void refresh_hosts(const EngineConfig& config, const std::string& network_id) {
    refresh_hosts_of(config, {network_id});
}

}  // namespace tug::engine::network
