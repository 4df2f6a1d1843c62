// run/create's network options in the container record, and the per-start attach.
#include "engine/container/network_setup.hpp"

#include <unistd.h>

#include <set>

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/container/store.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

bool is_container_mode(const std::string& mode) { return mode.rfind("container:", 0) == 0; }

// "80", "80/udp", "8000-8010/tcp" -> the "port/proto" keys docker uses.
std::vector<std::string> expose_keys(const std::string& spec) {
    std::string ports = spec, proto = "tcp";
    if (auto slash = spec.find('/'); slash != std::string::npos) {
        ports = spec.substr(0, slash);
        proto = spec.substr(slash + 1);
    }
    auto parse = [&](const std::string& s) -> int {
        size_t used = 0;
        int v = -1;
        try {
            v = std::stoi(s, &used);
        } catch (...) {
        }
        if (s.empty() || used != s.size() || v < 1 || v > 65535)
            throw Error(Errc::InvalidArgument, "invalid range format for --expose: " + spec);
        return v;
    };
    if (proto != "tcp" && proto != "udp" && proto != "sctp")
        throw Error(Errc::InvalidArgument, "invalid proto: " + proto);
    int lo, hi;
    if (auto dash = ports.find('-'); dash != std::string::npos) {
        lo = parse(ports.substr(0, dash));
        hi = parse(ports.substr(dash + 1));
        if (hi < lo) throw Error(Errc::InvalidArgument, "invalid range format for --expose: " + spec);
    } else {
        lo = hi = parse(ports);
    }
    std::vector<std::string> out;
    for (int p = lo; p <= hi; ++p) out.push_back(std::to_string(p) + "/" + proto);
    return out;
}

std::string port_key(const network::PortMapping& m) {
    return std::to_string(m.container_port) + "/" + m.protocol;
}

// "10.4.0.2/24" -> ("10.4.0.2", 24).
std::pair<std::string, int> split_cidr(const std::string& cidr) {
    auto slash = cidr.find('/');
    if (slash == std::string::npos) return {cidr, 0};
    return {cidr.substr(0, slash), std::atoi(cidr.c_str() + slash + 1)};
}

void conflict_with_mode(bool given, const char* what) {
    if (given) throw Error(Errc::InvalidArgument, std::string("conflicting options: ") + what + " and the network mode");
}

}  // namespace

std::string record_network_config(const EngineConfig& config, const ContainerNetworkOptions& opts,
                                  const json& image_config, ContainerRecord& rec) {
    std::vector<std::string> networks = opts.networks;
    for (auto& n : networks)
        if (n == "default") n = "bridge";
    if (networks.empty()) networks.push_back("bridge");
    const std::string mode = networks.front();
    const bool special = mode == "host" || mode == "none" || is_container_mode(mode);
    if (special && networks.size() > 1)
        throw Error(Errc::InvalidArgument,
                    "Container cannot be connected to network endpoints: " + networks[0] + ", " + networks[1]);

    auto& host = rec.host;
    std::string network_mode = mode;
    if (is_container_mode(mode)) {
        conflict_with_mode(!opts.publish.empty() || opts.publish_all, "port publishing");
        conflict_with_mode(!opts.dns.empty() || !opts.dns_search.empty() || !opts.dns_options.empty(), "dns");
        conflict_with_mode(!opts.add_hosts.empty(), "custom host-to-IP mapping");
        conflict_with_mode(!opts.mac.empty(), "mac-address");
        Store store(config);
        network_mode = "container:" + store.resolve(mode.substr(10));
    } else if (mode == "host") {
        conflict_with_mode(!opts.mac.empty(), "mac-address");
    } else if (mode != "none") {
        for (auto& n : networks) n = network_get(config, n).name;
    }
    if ((!opts.ip.empty() || !opts.ip6.empty()) && (special || networks.front() == "bridge"))
        throw Error(Errc::InvalidArgument, "user specified IP address is supported on user defined networks only");
    if (!opts.aliases.empty() && (special || networks.front() == "bridge"))
        throw Error(Errc::InvalidArgument, "network-scoped alias is supported only for containers in user defined networks");

    // Exposed ports: the image's, --expose, and every -p container port.
    std::set<std::string> exposed;
    if (image_config.is_object() && image_config.contains("ExposedPorts") && image_config["ExposedPorts"].is_object())
        for (const auto& [k, _] : image_config["ExposedPorts"].items())
            exposed.insert(k);
    for (const auto& e : opts.expose)
        for (const auto& k : expose_keys(e))
            exposed.insert(k);
    std::vector<network::PortMapping> mappings;
    for (const auto& p : opts.publish)
        for (auto& m : network::parse_port_spec(p)) mappings.push_back(m);
    for (const auto& m : mappings)
        exposed.insert(port_key(m));
    if (opts.publish_all) {
        std::set<std::string> bound;
        for (const auto& m : mappings) bound.insert(port_key(m));
        for (const auto& key : exposed) {
            if (bound.count(key)) continue;
            network::PortMapping m;
            m.container_port = static_cast<uint16_t>(std::stoi(key));
            auto slash = key.find('/');
            m.protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
            mappings.push_back(m);
        }
    }
    if (mode == "host" || mode == "none") {
        if (!mappings.empty() && mode == "host")
            base::log_warning("Published ports are discarded when using host network mode");
        mappings.clear();
    }

    rec.config.exposed_ports.assign(exposed.begin(), exposed.end());
    rec.config.mac_address = opts.mac;
    host.network_mode = network_mode;
    host.port_bindings = mappings;
    host.publish_all_ports = opts.publish_all;
    host.dns = opts.dns;
    host.dns_search = opts.dns_search;
    host.dns_options = opts.dns_options;
    host.extra_hosts = opts.add_hosts;
    rec.endpoints.clear();
    if (!is_container_mode(mode)) {
        for (size_t i = 0; i < networks.size(); ++i) {
            ContainerEndpoint e;
            e.network = networks[i];
            if (i ==
                0) {  // --network-alias, --ip, --ip6 and --mac-address are for the first network
                e.aliases = opts.aliases;
                e.ipv4_request = opts.ip;
                e.ipv6_request = opts.ip6;
                e.mac_request = opts.mac;
            }
            rec.endpoints.push_back(std::move(e));
        }
    }
    return network_mode;
}

std::string start_network(const EngineConfig& config, Store& store, const ContainerRecord& rec,
                          const Paths& paths) {
    const std::string& id = rec.id;
    const std::string& mode = rec.host.network_mode;
    if (mode == "host" || mode == "none") return "";
    if (rec.joins_other_network()) {
        const std::string other = mode.substr(10);
        auto peer = store.find(other);
        if (!peer) throw Error(Errc::NotFound, "No such container: " + other);
        if (!peer->state.has_process() || peer->state.pid <= 0)
            throw Error(Errc::FailedPrecondition, "cannot join network namespace of a non running container: " + other);
        return "/proc/" + std::to_string(peer->state.pid) + "/ns/net";
    }

    network::AttachRequest req;
    req.container_id = id;
    req.container_name = rec.name;
    req.hostname = rec.config.hostname.empty() ? id.substr(0, 12) : rec.config.hostname;
    for (const auto& e : rec.endpoints) {
        req.networks.push_back(e.network);
        if (!e.aliases.empty()) req.aliases[e.network] = e.aliases;
    }
    if (!rec.endpoints.empty()) {
        const auto& first = rec.endpoints.front();
        req.ip = first.ipv4_request;
        req.ip6 = first.ipv6_request;
        req.mac = first.mac_request;
    }
    req.ports = rec.host.port_bindings;
    req.dns = rec.host.dns;
    req.dns_search = rec.host.dns_search;
    req.dns_options = rec.host.dns_options;
    req.add_hosts = rec.host.extra_hosts;
    req.hosts_path = paths.data + "/hosts";
    req.resolv_path = paths.data + "/resolv.conf";

    auto att = network::attach(config, req);
    base::ScopeGuard detach_on_error([&] { network::detach(config, id); });
    store.update(id, [&](ContainerRecord& r) {
        r.sandbox_key = att.netns;
        r.ports = att.ports;
        for (const auto& e : att.endpoints)
            record_endpoint(r, e);
    });
    detach_on_error.dismiss();
    return att.netns;
}

void record_endpoint(ContainerRecord& r, const network::Endpoint& e) {
    ContainerEndpoint* ep = r.endpoint(e.network);
    if (!ep) {
        r.endpoints.push_back(ContainerEndpoint{});
        ep = &r.endpoints.back();
        ep->network = e.network;
        ep->aliases = e.aliases;
    }
    std::tie(ep->ip_address, ep->ip_prefix_len) = split_cidr(e.ipv4);
    std::tie(ep->global_ipv6_address, ep->global_ipv6_prefix_len) = split_cidr(e.ipv6);
    ep->network_id = e.network_id;
    ep->endpoint_id = e.endpoint_id;
    ep->gateway = e.gateway;
    ep->ipv6_gateway = e.gateway6;
    ep->mac_address = e.mac;
    ep->dns_names = {r.name, r.id.substr(0, 12)};
    for (const auto& a : e.aliases)
        ep->dns_names.push_back(a);
}

void clear_endpoint(ContainerEndpoint& ep) {
    ContainerEndpoint cleared;
    cleared.network = std::move(ep.network);
    cleared.aliases = std::move(ep.aliases);
    cleared.ipv4_request = std::move(ep.ipv4_request);
    cleared.ipv6_request = std::move(ep.ipv6_request);
    cleared.mac_request = std::move(ep.mac_request);
    ep = std::move(cleared);
}

void stop_network(const EngineConfig& config, const std::string& id) {
    const bool attached = network::find_attachment(config, id).has_value();
    network::detach(config, id);
    if (!attached) return;
    try {
        Store store(config);
        store.update(id, [](ContainerRecord& r) {
            r.sandbox_key.clear();
            r.ports.clear();
            for (auto& ep : r.endpoints)
                clear_endpoint(ep);
        });
    } catch (const Error& e) {
        if (e.code() != Errc::NotFound) throw;  // removed meanwhile: nothing to clear
    }
}

}  // namespace tug::engine::container
