// ps filters on a container's attachments: network=, volume=, publish=, expose=, and
// the resolution of before= / since= to creation times.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace tug::engine::container {

// Whether rec passes filter key=value, for the keys above (before/since take the
// reference container's Created, see created_of); nullopt for any other key.
std::optional<bool> match_attachment_filter(const nlohmann::json& rec, const std::string& key,
                                            const std::string& value);

// docker's port filter values: "80", "80/udp", "8000-8002/tcp" -> "80/tcp", ... InvalidArgument.
std::vector<std::string> filter_ports(const std::string& value);

}  // namespace tug::engine::container
