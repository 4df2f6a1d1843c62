// A container's networking across its life: the run/create flags checked and recorded
// in docker's fields (HostConfig.NetworkMode/PortBindings/Dns..., Config.ExposedPorts,
// NetworkSettings.Networks), the namespace set up at each start (network::attach for
// bridge and user networks, another container's for container:<x>), and taken down when
// the container stops for good.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/api/container.hpp"
#include "engine/api/network.hpp"

namespace tug::engine::container {

class Store;
struct Paths;

// Validates the options (networks exist, ports parse, modes combine as docker allows)
// and fills the record's network fields. image_config: the image's config (ExposedPorts
// for -P). Returns the NetworkMode ("bridge", "host", "none", "container:<id>", a name).
std::string record_network_config(const EngineConfig& config, const ContainerNetworkOptions& opts,
                                  const nlohmann::json& image_config, nlohmann::json& rec);

// Sets up the container's network for a start and records NetworkSettings. Returns the
// netns path for the spec: "" means a new empty namespace (none) or the host's (host).
// On throw nothing is left attached.
std::string start_network(const EngineConfig& config, Store& store, const nlohmann::json& rec,
                          const Paths& paths);

// docker's EndpointSettings before an address is known (created, or not yet started).
nlohmann::json empty_endpoint(const std::vector<std::string>& aliases, const std::string& ip, const std::string& ip6,
                              const std::string& mac);

// Fills NetworkSettings.Networks[e.network] of record r from an attached endpoint (and
// the top-level fields, which docker takes from the default bridge).
void record_endpoint(nlohmann::json& r, const network::Endpoint& e);

// Detaches (idempotent) and clears the NetworkSettings that only hold while running.
void stop_network(const EngineConfig& config, const std::string& id);

// docker's NetworkSettings.Ports from the record's PortBindings and the attachment's
// resolved host ports: {"5000/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}.
nlohmann::json ports_json(const std::vector<network::PortMapping>& ports, const nlohmann::json& exposed);

// ps's PORTS column from the record's NetworkSettings.Ports: "0.0.0.0:8080->80/tcp,
// 5000/tcp" (exposed ports without a binding are listed bare, like docker).
std::string ports_text(const nlohmann::json& rec);

// The resolved host bindings of NetworkSettings.Ports as mappings (for `tug port`).
std::vector<network::PortMapping> published_ports(const nlohmann::json& rec);

}  // namespace tug::engine::container
