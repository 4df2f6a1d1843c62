// Image records as the release before typed records stored them (JSON with camelCase
// keys, the created time also in unix seconds), read for the one-time upgrade.
#pragma once

#include <string_view>

#include "engine/api/image_record.hpp"

namespace tug::engine::image {

// Internal (damaged) when the text is not a JSON object with an id.
ImageRecord image_from_legacy_json(std::string_view text);

}  // namespace tug::engine::image
