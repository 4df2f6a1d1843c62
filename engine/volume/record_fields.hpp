// The stored fields of a volume record (engine/api/volume_record.hpp), each with its
// number for the record codec (engine/meta/codec.hpp). Numbers only rise and are never
// reused: see the codec's rules before changing anything here.
#pragma once

#include "engine/api/volume_record.hpp"

namespace tug::engine {

// The format version byte of stored volume records. Records from before it are docker
// inspect JSON with a private "_tug" object (engine/volume/record_legacy.cpp reads them).
inline constexpr uint8_t kVolumeRecordVersion = 1;

template <typename V>
void fields(V& v, VolumeRecord& r) {
    v(1, r.name);
    v(2, r.driver);
    v(3, r.labels);
    v(4, r.options);
    v(5, r.created);
    v(6, r.users);
}

}  // namespace tug::engine
