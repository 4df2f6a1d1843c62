// Container records as the release before typed records stored them (docker inspect
// JSON plus a private "_tug" object), read for the one-time upgrade of a store.
#pragma once

#include <string_view>
#include <vector>

#include "engine/api/container_record.hpp"

namespace tug::engine::container {

// Internal (damaged) when the text is not a JSON object.
ContainerRecord record_from_legacy_json(std::string_view text);
// The State.Health.Log such a record kept.
std::vector<HealthResult> health_log_from_legacy_json(std::string_view text);

}  // namespace tug::engine::container
