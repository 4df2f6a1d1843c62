// The stored fields of a network record (engine/api/network_record.hpp), each with its
// number for the record codec (engine/meta/codec.hpp). Numbers only rise and are never
// reused: see the codec's rules before changing anything here.
#pragma once

#include "engine/api/network_record.hpp"

namespace tug::engine {

// The format version byte of stored network records. Records from before it are docker
// inspect JSON with a private "_tug" object (engine/network/record_legacy.cpp reads them).
inline constexpr uint8_t kNetworkRecordVersion = 1;

template <typename V>
void fields(V& v, NetworkIpamConfig& c) {
    v(1, c.subnet);
    v(2, c.gateway);
    v(3, c.ip_range);
}

template <typename V>
void fields(V& v, NetworkRecord& r) {
    v(1, r.id);
    v(2, r.name);
    v(3, r.created_ns);
    v(4, r.driver);
    v(5, r.enable_ipv6);
    v(6, r.internal);
    v(7, r.ipam);
    v(8, r.options);
    v(9, r.labels);
    v(10, r.builtin);
    v(11, r.device);
}

}  // namespace tug::engine
