// A network as the engine keeps it: what create chose (driver, subnets, options) and the
// bridge device tug owns for it. Stored once per network in the metadata database
// (engine/network/record_fields.hpp lists the stored fields); docker's inspect JSON is
// rendered from it in one place (engine/network/inspect_json.cpp), with the containers on
// it, which live in the attachments, not here.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tug::engine {

// One IPAM pool (docker's IPAM.Config entry).
struct NetworkIpamConfig {
    std::string subnet;    // "10.4.1.0/24", "fd75:6700:0:1::/64"
    std::string gateway;   // "" when none was given (an IPv6 pool)
    std::string ip_range;  // --ip-range, "" for the whole subnet
};

struct NetworkRecord {
    std::string id;  // 64 hex
    std::string name;
    int64_t created_ns = 0;
    std::string driver;  // bridge | macvlan | ipvlan; host and null for the builtin ones
    bool enable_ipv6 = false;
    bool internal = false;
    std::vector<NetworkIpamConfig> ipam;
    std::map<std::string, std::string> options;  // -o (docker's Options)
    std::map<std::string, std::string> labels;
    // bridge, host and none: every namespace has them, and they are never removed.
    bool builtin = false;
    std::string device;  // the bridge's link name ("" for other drivers)

    // Whether CNI plugins serve it (bridge, macvlan, ipvlan; not host or none).
    bool is_cni() const { return driver == "bridge" || driver == "macvlan" || driver == "ipvlan"; }
    // The IPv4 pool's subnet and gateway ("" when none).
    std::string subnet4() const;
    std::string gateway4() const;
};

// docker's Created text of a network: "2026-12-07T21:00:00.123456789Z".
std::string network_created_at(const NetworkRecord& rec);

}  // namespace tug::engine
