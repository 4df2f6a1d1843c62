// `tug network connect/disconnect` at the container level: the container's record
// (NetworkSettings.Networks, the networks it rejoins at each start) changes with its
// live endpoints, and a created or stopped container can be connected too, like docker.
#pragma once

#include <string>
#include <vector>

#include "engine/api/config.hpp"

namespace tug::engine {

// Joins the container (id, prefix or name) to network; when it runs, the endpoint is
// added at once (ethN). docker's errors for host/none/container: modes and for an
// existing endpoint.
void container_network_connect(const EngineConfig& config, const std::string& container,
                               const std::string& network, const std::vector<std::string>& aliases,
                               const std::string& ip);

// Leaves network: the endpoint goes now if the container runs, and it is not rejoined
// at the next start. force: also when the network no longer exists.
void container_network_disconnect(const EngineConfig& config, const std::string& container,
                                  const std::string& network, bool force);

}  // namespace tug::engine
