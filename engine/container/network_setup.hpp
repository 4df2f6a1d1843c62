// A container's networking across its life: the run/create flags checked and recorded
// in its record, the namespace set up at each start (network::attach for bridge and user
// networks, another container's for container:<x>), and taken down when the container
// stops for good.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/api/container.hpp"
#include "engine/api/container_record.hpp"
#include "engine/api/network.hpp"

namespace tug::engine::container {

class Store;
struct Paths;

// Validates the options (networks exist, ports parse, modes combine as docker allows)
// and fills the record's network fields (host network mode, ports, DNS, extra hosts,
// exposed ports, the endpoints asked for). image_config: the image's config
// (ExposedPorts). Returns the network mode ("bridge", "host", "none",
// "container:<id>", a name).
std::string record_network_config(const EngineConfig& config, const ContainerNetworkOptions& opts,
                                  const nlohmann::json& image_config, ContainerRecord& rec);

// Sets up the container's network for a start and records its endpoints and ports.
// Returns the netns path for the spec: "" means a new empty namespace (none) or the
// host's (host). On throw nothing is left attached.
std::string start_network(const EngineConfig& config, Store& store, const ContainerRecord& rec,
                          const Paths& paths);

// Fills the endpoint for e.network of record r (adding it when r has none) from an
// attached endpoint.
void record_endpoint(ContainerRecord& r, const network::Endpoint& e);

// Clears what an endpoint holds only while the container runs; the request stays.
void clear_endpoint(ContainerEndpoint& ep);

// Detaches (idempotent) and clears the endpoint settings that only hold while running.
void stop_network(const EngineConfig& config, const std::string& id);

}  // namespace tug::engine::container
