// One container-on-one-network endpoint: CNI ADD with its DEL registered first, and
// DEL from the record (used by attach, detach, connect and disconnect).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/api/network.hpp"
#include "engine/api/network_record.hpp"
#include "engine/base/scope_guard.hpp"

namespace tug::engine::network {

struct EndpointPlan {
    NetworkRecord network;
    std::string ifname;      // eth0, eth1, ...
    std::vector<std::string> aliases;
    std::string ip, ip6, mac;         // static requests ("" = any)
    std::vector<PortMapping> ports;   // published through this endpoint's portmap
};

// Ensures the network's bridge, registers DEL on undo, runs ADD and returns the endpoint.
Endpoint add_endpoint(const EngineConfig& config, const std::string& netns, const std::string& container_id,
                      const EndpointPlan& plan, base::UndoStack& undo);

// CNI DEL for a recorded endpoint: the network's current conflist, or only the cached
// one when the network record is gone.
void del_endpoint(const EngineConfig& config, const std::string& netns, const std::string& container_id,
                  const Endpoint& ep);

// Whether a network can carry published ports (a bridge that is not internal).
bool publishes_ports(const NetworkRecord& network);

// Rewrites the hosts file of every attachment with a hosts_path on any of network_ids.
void refresh_hosts_of(const EngineConfig& config, const std::set<std::string>& network_ids);

}  // namespace tug::engine::network
