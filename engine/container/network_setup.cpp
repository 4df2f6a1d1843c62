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

json mapping_json(const network::PortMapping& m) {
    return {{"host_ip", m.host_ip}, {"host_port", m.host_port}, {"host_port_end", m.host_port_end},
            {"container_port", m.container_port}, {"protocol", m.protocol}};
}

network::PortMapping mapping_from_json(const json& j) {
    network::PortMapping m;
    m.host_ip = j.value("host_ip", "");
    m.host_port = j.value("host_port", 0);
    m.host_port_end = j.value("host_port_end", 0);
    m.container_port = j.value("container_port", 0);
    m.protocol = j.value("protocol", "tcp");
    return m;
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

json ports_json(const std::vector<network::PortMapping>& ports, const json& exposed) {
    json out = json::object();
    if (exposed.is_object())
        for (auto it = exposed.begin(); it != exposed.end(); ++it) out[it.key()] = nullptr;
    for (const auto& m : ports) {
        auto& list = out[port_key(m)];
        if (!list.is_array()) list = json::array();
        list.push_back({{"HostIp", m.host_ip.empty() ? "0.0.0.0" : m.host_ip},
                        {"HostPort", std::to_string(m.host_port)}});
    }
    return out;
}

std::string record_network_config(const EngineConfig& config, const ContainerNetworkOptions& opts,
                                  const json& image_config, json& rec) {
    std::vector<std::string> networks = opts.networks;
    for (auto& n : networks)
        if (n == "default") n = "bridge";
    if (networks.empty()) networks.push_back("bridge");
    const std::string mode = networks.front();
    const bool special = mode == "host" || mode == "none" || is_container_mode(mode);
    if (special && networks.size() > 1)
        throw Error(Errc::InvalidArgument,
                    "Container cannot be connected to network endpoints: " + networks[0] + ", " + networks[1]);

    auto& host_cfg = rec["HostConfig"];
    auto& cfg = rec["Config"];
    std::string network_mode = mode;
    if (is_container_mode(mode)) {
        conflict_with_mode(!opts.publish.empty() || opts.publish_all, "port publishing");
        conflict_with_mode(!opts.dns.empty() || !opts.dns_search.empty() || !opts.dns_options.empty(), "dns");
        conflict_with_mode(!opts.add_hosts.empty(), "custom host-to-IP mapping");
        conflict_with_mode(!opts.mac.empty(), "mac-address");
        Store store(config);
        const std::string other = store.resolve(mode.substr(10));
        network_mode = "container:" + other;
        // Like docker, the joined container's hosts and resolv.conf are shared.
        const json peer = store.get(other);
        for (const char* key : {"ResolvConfPath", "HostnamePath", "HostsPath"}) rec[key] = peer[key];
    } else if (mode == "host") {
        conflict_with_mode(!opts.mac.empty(), "mac-address");
    } else if (mode != "none") {
        for (auto& n : networks) n = network_inspect(config, n).value("Name", n);
    }
    if ((!opts.ip.empty() || !opts.ip6.empty()) && (special || networks.front() == "bridge"))
        throw Error(Errc::InvalidArgument, "user specified IP address is supported on user defined networks only");
    if (!opts.aliases.empty() && (special || networks.front() == "bridge"))
        throw Error(Errc::InvalidArgument, "network-scoped alias is supported only for containers in user defined networks");

    // Exposed ports: the image's, --expose, and every -p container port.
    json exposed = json::object();
    if (image_config.is_object() && image_config.contains("ExposedPorts") && image_config["ExposedPorts"].is_object())
        exposed = image_config["ExposedPorts"];
    for (const auto& e : opts.expose)
        for (const auto& k : expose_keys(e)) exposed[k] = json::object();
    std::vector<network::PortMapping> mappings;
    for (const auto& p : opts.publish)
        for (auto& m : network::parse_port_spec(p)) mappings.push_back(m);
    for (const auto& m : mappings) exposed[port_key(m)] = json::object();
    if (opts.publish_all) {
        std::set<std::string> bound;
        for (const auto& m : mappings) bound.insert(port_key(m));
        for (auto it = exposed.begin(); it != exposed.end(); ++it) {
            if (bound.count(it.key())) continue;
            network::PortMapping m;
            m.container_port = static_cast<uint16_t>(std::stoi(it.key()));
            auto slash = it.key().find('/');
            m.protocol = slash == std::string::npos ? "tcp" : it.key().substr(slash + 1);
            mappings.push_back(m);
        }
    }
    if (mode == "host" || mode == "none") {
        if (!mappings.empty() && mode == "host")
            base::log_warning("Published ports are discarded when using host network mode");
        mappings.clear();
    }

    json bindings = json::object();
    for (const auto& m : mappings) {
        auto& list = bindings[port_key(m)];
        if (!list.is_array()) list = json::array();
        std::string host_port = m.host_port ? std::to_string(m.host_port) : "";
        if (m.host_port_end) host_port += "-" + std::to_string(m.host_port_end);
        list.push_back({{"HostIp", m.host_ip}, {"HostPort", host_port}});
    }
    if (!exposed.empty()) cfg["ExposedPorts"] = exposed;
    host_cfg["NetworkMode"] = network_mode;
    host_cfg["PortBindings"] = bindings;
    host_cfg["PublishAllPorts"] = opts.publish_all;
    host_cfg["Dns"] = opts.dns;
    host_cfg["DnsSearch"] = opts.dns_search;
    host_cfg["DnsOptions"] = opts.dns_options;
    host_cfg["ExtraHosts"] = opts.add_hosts.empty() ? json(nullptr) : json(opts.add_hosts);
    if (!opts.mac.empty()) cfg["MacAddress"] = opts.mac;

    json nets = json::object();
    if (!is_container_mode(mode)) {
        for (size_t i = 0; i < networks.size(); ++i) {
            const bool first = i == 0;
            nets[networks[i]] = empty_endpoint(first ? opts.aliases : std::vector<std::string>{},
                                               first ? opts.ip : "", first ? opts.ip6 : "", first ? opts.mac : "");
        }
    }
    rec["NetworkSettings"]["Networks"] = nets;
    rec["NetworkSettings"]["Ports"] = json::object();

    json ports = json::array();
    for (const auto& m : mappings) ports.push_back(mapping_json(m));
    rec["_tug"]["net"] = {{"networks", special ? std::vector<std::string>{} : networks},
                          {"aliases", opts.aliases},
                          {"ip", opts.ip},
                          {"ip6", opts.ip6},
                          {"mac", opts.mac},
                          {"ports", ports},
                          {"dns", opts.dns},
                          {"dns_search", opts.dns_search},
                          {"dns_options", opts.dns_options},
                          {"add_hosts", opts.add_hosts}};
    return network_mode;
}

std::string start_network(const EngineConfig& config, Store& store, const json& rec, const Paths& paths) {
    const std::string id = rec["Id"];
    const std::string mode = rec["HostConfig"].value("NetworkMode", std::string("bridge"));
    if (mode == "host" || mode == "none") return "";
    if (is_container_mode(mode)) {
        const std::string other = mode.substr(10);
        auto peer = store.find(other);
        if (!peer) throw Error(Errc::NotFound, "No such container: " + other);
        const auto& st = (*peer)["State"];
        const int pid = st.value("Pid", 0);
        if (!st.value("Running", false) || pid <= 0)
            throw Error(Errc::FailedPrecondition, "cannot join network namespace of a non running container: " + other);
        return "/proc/" + std::to_string(pid) + "/ns/net";
    }

    const json& net = rec["_tug"].contains("net") ? rec["_tug"]["net"] : json::object();
    network::AttachRequest req;
    req.container_id = id;
    req.container_name = rec.value("Name", std::string("/")).substr(1);
    req.hostname = rec["Config"].value("Hostname", id.substr(0, 12));
    req.networks = net.value("networks", std::vector<std::string>{});
    const auto aliases = net.value("aliases", std::vector<std::string>{});
    if (!aliases.empty() && !req.networks.empty()) req.aliases[req.networks.front()] = aliases;
    // Networks joined by `network connect` keep their aliases in their endpoint settings.
    if (const auto& nets = rec["NetworkSettings"]["Networks"]; nets.is_object())
        for (const auto& n : req.networks)
            if (nets.contains(n) && nets[n].contains("Aliases") && nets[n]["Aliases"].is_array() && !req.aliases.count(n))
                req.aliases[n] = nets[n]["Aliases"].get<std::vector<std::string>>();
    req.ip = net.value("ip", "");
    req.ip6 = net.value("ip6", "");
    req.mac = net.value("mac", "");
    if (net.contains("ports"))
        for (const auto& p : net["ports"]) req.ports.push_back(mapping_from_json(p));
    req.dns = net.value("dns", std::vector<std::string>{});
    req.dns_search = net.value("dns_search", std::vector<std::string>{});
    req.dns_options = net.value("dns_options", std::vector<std::string>{});
    req.add_hosts = net.value("add_hosts", std::vector<std::string>{});
    req.hosts_path = paths.data + "/hosts";
    req.resolv_path = paths.data + "/resolv.conf";

    auto att = network::attach(config, req);
    base::ScopeGuard detach_on_error([&] { network::detach(config, id); });
    store.update(id, [&](json& r) {
        auto& ns = r["NetworkSettings"];
        ns["SandboxID"] = id;
        ns["SandboxKey"] = att.netns;
        ns["Ports"] = ports_json(att.ports, r["Config"].value("ExposedPorts", json::object()));
        for (const auto& e : att.endpoints) record_endpoint(r, e);
    });
    detach_on_error.dismiss();
    return att.netns;
}

json empty_endpoint(const std::vector<std::string>& aliases, const std::string& ip, const std::string& ip6,
                    const std::string& mac) {
    json ipam = nullptr;
    if (!ip.empty() || !ip6.empty()) ipam = {{"IPv4Address", ip}, {"IPv6Address", ip6}};
    return {{"IPAMConfig", ipam},
            {"Links", nullptr},
            {"Aliases", aliases.empty() ? json(nullptr) : json(aliases)},
            {"MacAddress", mac},
            {"NetworkID", ""},
            {"EndpointID", ""},
            {"Gateway", ""},
            {"IPAddress", ""},
            {"IPPrefixLen", 0},
            {"IPv6Gateway", ""},
            {"GlobalIPv6Address", ""},
            {"GlobalIPv6PrefixLen", 0},
            {"DNSNames", nullptr}};
}

void record_endpoint(json& r, const network::Endpoint& e) {
    const std::string id = r["Id"];
    auto& ns = r["NetworkSettings"];
    auto& nets = ns["Networks"];
    if (!nets.is_object()) nets = json::object();
    json& ep = nets[e.network];
    if (!ep.is_object()) ep = empty_endpoint(e.aliases, "", "", "");
    auto [ip, len] = split_cidr(e.ipv4);
    auto [ip6, len6] = split_cidr(e.ipv6);
    ep["NetworkID"] = e.network_id;
    ep["EndpointID"] = e.endpoint_id;
    ep["Gateway"] = e.gateway;
    ep["IPAddress"] = ip;
    ep["IPPrefixLen"] = len;
    ep["IPv6Gateway"] = e.gateway6;
    ep["GlobalIPv6Address"] = ip6;
    ep["GlobalIPv6PrefixLen"] = len6;
    ep["MacAddress"] = e.mac;
    json names = json::array({r.value("Name", std::string("/")).substr(1), id.substr(0, 12)});
    for (const auto& a : e.aliases) names.push_back(a);
    ep["DNSNames"] = names;
    // docker fills the top-level fields from the default bridge only.
    if (e.network == "bridge") {
        ns["IPAddress"] = ip;
        ns["IPPrefixLen"] = len;
        ns["Gateway"] = e.gateway;
        ns["MacAddress"] = e.mac;
        ns["GlobalIPv6Address"] = ip6;
        ns["GlobalIPv6PrefixLen"] = len6;
        ns["IPv6Gateway"] = e.gateway6;
        ns["EndpointID"] = e.endpoint_id;
        ns["Bridge"] = "";
    }
}

std::vector<network::PortMapping> published_ports(const json& rec) {
    std::vector<network::PortMapping> out;
    if (!rec.contains("NetworkSettings") || !rec["NetworkSettings"].contains("Ports")) return out;
    const json& ports = rec["NetworkSettings"]["Ports"];
    if (!ports.is_object()) return out;
    for (auto it = ports.begin(); it != ports.end(); ++it) {
        if (!it.value().is_array()) continue;
        const auto slash = it.key().find('/');
        for (const auto& b : it.value()) {
            network::PortMapping m;
            m.container_port = static_cast<uint16_t>(std::stoi(it.key()));
            m.protocol = slash == std::string::npos ? "tcp" : it.key().substr(slash + 1);
            m.host_ip = b.value("HostIp", "");
            if (m.host_ip == "0.0.0.0") m.host_ip.clear();
            m.host_port = static_cast<uint16_t>(std::stoi(b.value("HostPort", std::string("0"))));
            out.push_back(m);
        }
    }
    return out;
}

std::string ports_text(const json& rec) {
    std::string text = network::format_ports(published_ports(rec));
    if (!rec.contains("NetworkSettings") || !rec["NetworkSettings"].contains("Ports")) return text;
    const json& ports = rec["NetworkSettings"]["Ports"];
    if (!ports.is_object()) return text;
    for (auto it = ports.begin(); it != ports.end(); ++it)
        if (!it.value().is_array()) text += (text.empty() ? "" : ", ") + it.key();
    return text;
}

void stop_network(const EngineConfig& config, const std::string& id) {
    const bool attached = network::find_attachment(config, id).has_value();
    network::detach(config, id);
    if (!attached) return;
    try {
        Store store(config);
        store.update(id, [](json& r) {
            auto& ns = r["NetworkSettings"];
            if (!ns.is_object()) return;
            ns["SandboxKey"] = "";
            ns["Ports"] = json::object();
            for (const char* k : {"IPAddress", "Gateway", "MacAddress", "GlobalIPv6Address", "IPv6Gateway", "EndpointID"})
                if (ns.contains(k)) ns[k] = "";
            if (ns.contains("IPPrefixLen")) ns["IPPrefixLen"] = 0;
            if (ns.contains("Networks") && ns["Networks"].is_object())
                for (auto& ep : ns["Networks"]) {
                    for (const char* k : {"NetworkID", "EndpointID", "Gateway", "IPAddress", "IPv6Gateway",
                                          "GlobalIPv6Address"})
                        ep[k] = "";
                    ep["IPPrefixLen"] = 0;
                    ep["GlobalIPv6PrefixLen"] = 0;
                    ep["DNSNames"] = nullptr;
                }
        });
    } catch (const Error& e) {
        if (e.code() != Errc::NotFound) throw;  // removed meanwhile: nothing to clear
    }
}

}  // namespace tug::engine::container
