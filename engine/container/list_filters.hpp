// ps filters on a container's attachments: network=, volume=, publish=, expose=.
#pragma once

#include <optional>
#include <string>

#include <vector>

#include "engine/api/container_record.hpp"

namespace tug::engine::container {

// Whether rec passes filter key=value, for the keys above; nullopt for any other key.
std::optional<bool> match_attachment_filter(const ContainerRecord& rec, const std::string& key,
                                            const std::string& value);

// docker's port filter values: "80", "80/udp", "8000-8002/tcp" -> "80/tcp", ... InvalidArgument.
std::vector<std::string> filter_ports(const std::string& value);

}  // namespace tug::engine::container
