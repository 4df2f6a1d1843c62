// docker's container inspect JSON, rendered from a container record: the one place
// that knows docker's field names and shapes for containers.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/api/container_record.hpp"

namespace tug::engine::container {

// health_log: the record's last health check results (Store::health_log).
nlohmann::json inspect_json(const EngineConfig& config, const ContainerRecord& rec,
                            const std::vector<HealthResult>& health_log);

// docker's NetworkSettings.Ports: every exposed port, with its host bindings while the
// container runs ({"5000/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "53/udp": null}).
nlohmann::json ports_json(const ContainerRecord& rec);

}  // namespace tug::engine::container
