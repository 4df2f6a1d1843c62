// The CNI conflist tug generates for each of its networks (bridge, macvlan, ipvlan).
#include <sys/stat.h>

#include "cni/link.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {

using nlohmann::json;

namespace {

json ipam_for(const EngineConfig& config, const NetworkRecord& rec, bool default_route) {
    json ranges = json::array();
    json routes = json::array();
    for (const auto& c : rec.ipam) {
        json r = {{"subnet", c.subnet}};
        if (!c.gateway.empty()) r["gateway"] = c.gateway;
        const std::string& ip_range = c.ip_range;
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
            {"dataDir", rec.builtin ? std::string(kDefaultBridgeIpamDir) : paths_for(config).ipam}};
}

}  // namespace

std::string build_conflist(const EngineConfig& config, const NetworkRecord& rec) {
    const std::string driver = rec.driver;
    const bool internal = rec.internal;
    const auto& options = rec.options;
    auto option = [&](const char* key, const char* fallback) {
        auto it = options.find(key);
        return it == options.end() ? std::string(fallback) : it->second;
    };
    json plugins = json::array();
    json ipam = ipam_for(config, rec, !internal);
    // "ips" and "ipRanges" reach host-local through the main plugin's stdin.
    json caps = {{"ips", true}, {"ipRanges", true}};
    if (driver == "bridge") {
        // NAT and forwarding are rules per network (network_rules.hpp), not the plugins'.
        json br = {{"type", "bridge"},          {"bridge", rec.device}, {"isGateway", true},
                   {"isDefaultGateway", false}, {"ipMasq", false},       {"hairpinMode", true},
                   {"capabilities", caps},      {"ipam", ipam}};
        if (options.count("com.docker.network.driver.mtu")) {
            br["mtu"] = std::stoi(options.at("com.docker.network.driver.mtu"));
        }
        plugins.push_back(br);
    } else if (driver == "macvlan" || driver == "ipvlan") {
        std::string parent = option("parent", "");
        json p = {{"type", driver}, {"master", parent}, {"capabilities", caps}, {"ipam", ipam}};
        if (driver == "macvlan") p["mode"] = option("macvlan_mode", "bridge");
        if (driver == "ipvlan") p["mode"] = option("ipvlan_mode", "l2");
        plugins.push_back(p);
    } else {
        throw Error(Errc::InvalidArgument, "network " + rec.name + ": driver " + driver + " has no CNI config");
    }
    if (!internal && driver == "bridge") {
        plugins.push_back({{"type", "portmap"}, {"snat", true}, {"capabilities", {{"portMappings", true}}}});
    }
    plugins.push_back({{"type", "tuning"}, {"capabilities", {{"mac", true}}}});
    json list = {{"cniVersion", "1.0.0"}, {"name", rec.name}, {"plugins", plugins}};
    return list.dump(2) + "\n";
}

cni::NetworkConfigList load_network_conflist(const EngineConfig& config, const NetworkRecord& rec) {
    const std::string text = build_conflist(config, rec);
    const std::string path = paths_for(config).conflists + "/" + rec.id + ".conflist";
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
