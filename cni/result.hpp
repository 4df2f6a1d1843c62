// CNI results (0.3.x, 0.4.0, 1.0.0 share this shape): the interfaces, IPs, routes and DNS
// a plugin chain reports after ADD, read into plain structs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::cni {

struct ResultInterface {
    std::string name;
    std::string mac;
    std::string sandbox;  // netns path; empty for host-side interfaces
};

struct ResultIp {
    std::string address;  // CIDR: "10.4.0.2/24"
    std::string gateway;  // may be empty
    std::optional<int> interface;  // index into interfaces
    bool is_v6() const { return address.find(':') != std::string::npos; }
    // The address without the prefix length.
    std::string ip() const { return address.substr(0, address.find('/')); }
    int prefix_len() const;
};

struct Result {
    std::string cni_version;
    std::vector<ResultInterface> interfaces;
    std::vector<ResultIp> ips;
    std::vector<std::string> dns_nameservers;
    std::vector<std::string> dns_search;

    // The first IP (of the given family) on an interface inside the sandbox, or any.
    const ResultIp* first_ip(bool v6) const;
    // The MAC of the interface with this name (inside the sandbox), "" if unknown.
    std::string mac_of(const std::string& ifname) const;
};

// InvalidArgument when the JSON is not a result object.
Result parse_result(const nlohmann::json& j);

}  // namespace tug::cni
