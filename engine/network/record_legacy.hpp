// Network records as the release before typed records stored them (docker inspect JSON
// without Containers, plus a private "_tug" object), read for the one-time upgrade.
#pragma once

#include <string_view>

#include "engine/api/network_record.hpp"

namespace tug::engine::network {

// Internal (damaged) when the text is not a JSON object with an Id and a Name.
NetworkRecord network_from_legacy_json(std::string_view text);

}  // namespace tug::engine::network
