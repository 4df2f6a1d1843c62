// Attachment records: what a container is connected to (netns, endpoints, ports), kept
// as one JSON file per container under the data root so that detach works after a
// crash, and the /etc/hosts files derived from them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/network.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/network/ports.hpp"

namespace tug::engine::network {

nlohmann::json attachment_to_json(const NetworkAttachment& att);
NetworkAttachment attachment_from_json(const nlohmann::json& j);

std::optional<nlohmann::json> read_attachment_json(const EngineConfig& config, const std::string& id);
void write_attachment_json(const EngineConfig& config, const std::string& id, const nlohmann::json& j);
void remove_attachment(const EngineConfig& config, const std::string& id);
std::vector<NetworkAttachment> list_attachments(const EngineConfig& config);

// Serializes attach/detach/connect/disconnect of one container.
base::FileLock lock_container(const EngineConfig& config, const std::string& id);

// Host ports held by the attachments of this data root (but not by `except`).
std::set<PortKey> ports_in_use(const EngineConfig& config, const std::string& except);

// The /etc/hosts content for att, given every attachment (peers on shared user networks).
std::string hosts_for(const NetworkAttachment& att, const std::vector<NetworkAttachment>& all,
                      const std::set<std::string>& user_network_ids);

// Writes a file in place (truncate + write): the container bind-mounts it, so a rename
// would leave the container looking at the old inode.
void write_in_place(const std::string& path, const std::string& content);

}  // namespace tug::engine::network
