// The part of a container record that `ps` and `stats` read, kept beside the record in
// its own column: listing 1,000 containers then parses about a third of the JSON it
// would otherwise (HostConfig, the health log and per-network settings stay out).
#pragma once

#include <nlohmann/json.hpp>

namespace tug::engine::container {

// Id, Name, Created, Path, Args, Image, State (without the health log), Mounts (name,
// source, destination), Config (Image, Labels, ExposedPorts), HostConfig (NetworkMode,
// PortBindings), NetworkSettings (Ports; Networks with their NetworkID only).
nlohmann::json brief_of(const nlohmann::json& record);

}  // namespace tug::engine::container
