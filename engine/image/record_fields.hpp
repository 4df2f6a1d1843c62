// The stored fields of an image record (engine/api/image_record.hpp), each with its
// number for the record codec (engine/meta/codec.hpp). Numbers only rise within a struct
// and are never reused: see the codec's rules before changing anything here.
#pragma once

#include "engine/api/image_record.hpp"

namespace tug::engine {

// The format version byte of stored image records. Records from before it are JSON
// (engine/image/record_legacy.cpp reads them).
inline constexpr uint8_t kImageRecordVersion = 1;

template <typename V>
void fields(V& v, Platform& p) {
    v(1, p.architecture);
    v(2, p.os);
    v(3, p.variant);
    v(4, p.os_version);
    v(5, p.os_features);
}

template <typename V>
void fields(V& v, LayerRecord& l) {
    v(1, l.digest);
    v(2, l.media_type);
    v(3, l.size);
    v(4, l.diff_id);
    v(5, l.chain_id);
    v(6, l.urls);
}

template <typename V>
void fields(V& v, PlatformManifest& p) {
    v(1, p.digest);
    v(2, p.media_type);
    v(3, p.platform);
    v(4, p.config_digest);
    v(5, p.layer_digests);
}

template <typename V>
void fields(V& v, ImageRecord& r) {
    v(1, r.id);
    v(2, r.config_media_type);
    v(3, r.manifest_digest);
    v(4, r.manifest_media_type);
    v(5, r.manifest_size);
    v(6, r.index_digest);
    v(7, r.index_media_type);
    v(8, r.layers);
    v(9, r.platform);
    v(10, r.other_platforms);
    v(11, r.size);
    v(12, r.created);
    v(13, r.stored);
}

}  // namespace tug::engine
