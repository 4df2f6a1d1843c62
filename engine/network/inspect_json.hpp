// docker's network inspect JSON, rendered from a network record: the one place that
// knows docker's field names for networks.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/network.hpp"
#include "engine/api/network_record.hpp"

namespace tug::engine::network {

// The record with the containers of `attachments` that have an endpoint on it.
nlohmann::json inspect_json(const NetworkRecord& rec,
                            const std::vector<NetworkAttachment>& attachments);

}  // namespace tug::engine::network
