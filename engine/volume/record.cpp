// The volume record's own helpers (engine/api/volume_record.hpp).
#include "engine/api/volume_record.hpp"

#include "engine/logs/timestamp.hpp"

namespace tug::engine {

std::string volume_created_at(const VolumeRecord& rec) {
    // Whole seconds: RFC3339Nano trims the empty fraction, as the release before wrote it.
    return logs::format_rfc3339nano(rec.created == 0 ? logs::Clock::time_point{}
                                                     : logs::from_ns(rec.created * 1'000'000'000));
}

}  // namespace tug::engine
