// Volume records as the release before typed records stored them (docker inspect JSON
// plus a private "_tug" object with the users list), read for the one-time upgrade.
#pragma once

#include <string_view>

#include "engine/api/volume_record.hpp"

namespace tug::engine::volume {

// Internal (damaged) when the text is not a JSON object with a Name.
VolumeRecord volume_from_legacy_json(std::string_view text);

}  // namespace tug::engine::volume
