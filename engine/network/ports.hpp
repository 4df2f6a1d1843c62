// Host port allocation for published ports: free ports found by binding, checked
// against the ports other attachments of this data root hold.
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/api/network.hpp"

namespace tug::engine::network {

// (host ip or "", host port, protocol)
using PortKey = std::tuple<std::string, uint16_t, std::string>;

// Fills in host_port 0 (and host ranges) with free ports and checks explicit ones.
// Conflict with docker's "Bind for 0.0.0.0:80 failed: port is already allocated" when
// a port is held by another container or bound on the host.
void allocate_ports(std::vector<PortMapping>& ports, const std::set<PortKey>& in_use);

// The runtimeConfig.portMappings value for the portmap plugin.
nlohmann::json portmap_capability(const std::vector<PortMapping>& ports);

}  // namespace tug::engine::network
