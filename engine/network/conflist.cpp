// The CNI conflist tug generates for each of its networks (bridge, macvlan, ipvlan).
#include <sys/stat.h>

#include "cni/link.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {

using nlohmann::json;

namespace {

json ipam_for(const EngineConfig& config, const json& rec, bool default_route) {
    json ranges = json::array();
    json routes = json::array();
    for (const auto& c : rec["IPAM"].value("Config", json::array())) {
        json r = {{"subnet", c.value("Subnet", "")}};
        if (!c.value("Gateway", "").empty()) r["gateway"] = c["Gateway"];
        const std::string ip_range = c.value("IPRange", "");
        if (!ip_range.empty()) {
            // host-local allocates within [rangeStart, rangeEnd]; docker's --ip-range is a
            // CIDR inside the subnet.
            auto slash = ip_range.find('/');
            if (ip_range.find(':') == std::string::npos && slash != std::string::npos) {
                auto net = cni::parse_ipv4_cidr(ip_range);
                uint32_t size = net.prefix >= 31 ? 1u : (1u << (32 - net.prefix));
                uint32_t first = net.addr + (size > 2 ? 1 : 0);
                uint32_t last = net.addr + size - (size > 2 ? 2 : 1);
                r["rangeStart"] = cni::format_ipv4(first);
                r["rangeEnd"] = cni::format_ipv4(last);
            }
        }
        const bool v6 = r["subnet"].get<std::string>().find(':') != std::string::npos;
        if (default_route) routes.push_back({{"dst", v6 ? "::/0" : "0.0.0.0/0"}});
        ranges.push_back(json::array({r}));
    }
    return {{"type", "host-local"},
            {"ranges", ranges},
            {"routes", routes},
            {"dataDir", record_builtin(rec) ? std::string(kDefaultBridgeIpamDir) : paths_for(config).ipam}};
}

}  // namespace

std::string build_conflist(const EngineConfig& config, const json& rec) {
    const std::string driver = record_driver(rec);
    const bool internal = rec.value("Internal", false);
    const json options = rec.value("Options", json::object());
    json plugins = json::array();
    json ipam = ipam_for(config, rec, !internal);
    // "ips" and "ipRanges" reach host-local through the main plugin's stdin.
    json caps = {{"ips", true}, {"ipRanges", true}};
    if (driver == "bridge") {
        // NAT and forwarding are rules per network (network_rules.hpp), not the plugins'.
        json br = {{"type", "bridge"},          {"bridge", record_device(rec)}, {"isGateway", true},
                   {"isDefaultGateway", false}, {"ipMasq", false},       {"hairpinMode", true},
                   {"capabilities", caps},      {"ipam", ipam}};
        if (options.contains("com.docker.network.driver.mtu")) {
            br["mtu"] = std::stoi(options["com.docker.network.driver.mtu"].get<std::string>());
        }
        plugins.push_back(br);
    } else if (driver == "macvlan" || driver == "ipvlan") {
        std::string parent = options.value("parent", "");
        json p = {{"type", driver}, {"master", parent}, {"capabilities", caps}, {"ipam", ipam}};
        if (driver == "macvlan") p["mode"] = options.value("macvlan_mode", "bridge");
        if (driver == "ipvlan") p["mode"] = options.value("ipvlan_mode", "l2");
        plugins.push_back(p);
    } else {
        throw Error(Errc::InvalidArgument, "network " + record_name(rec) + ": driver " + driver + " has no CNI config");
    }
    if (!internal && driver == "bridge") {
        plugins.push_back({{"type", "portmap"}, {"snat", true}, {"capabilities", {{"portMappings", true}}}});
    }
    plugins.push_back({{"type", "tuning"}, {"capabilities", {{"mac", true}}}});
    json list = {{"cniVersion", "1.0.0"}, {"name", record_name(rec)}, {"plugins", plugins}};
    return list.dump(2) + "\n";
}

cni::NetworkConfigList load_network_conflist(const EngineConfig& config, const json& rec) {
    const std::string text = build_conflist(config, rec);
    const std::string path = paths_for(config).conflists + "/" + record_id(rec) + ".conflist";
    if (base::read_file_if_exists(path) != text) {
        base::make_dirs(paths_for(config).conflists);
        base::atomic_write_file(path, text);
    }
    return cni::parse_conflist(text);
}

cni::NetworkConfigList without_plugins(const cni::NetworkConfigList& list, const std::set<std::string>& types) {
    json j = json::parse(list.bytes);
    json kept = json::array();
    for (const auto& p : j["plugins"])
        if (!types.count(p.value("type", ""))) kept.push_back(p);
    j["plugins"] = kept;
    return cni::parse_conflist(j.dump(2) + "\n");
}

}  // namespace tug::engine::network
