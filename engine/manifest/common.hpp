// Helpers shared by the manifest list operations: fetching an entry from a registry or
// the local store, and the configuration with --insecure applied.
#pragma once

#include <string>

#include "engine/api/config.hpp"
#include "engine/manifest/list_store.hpp"
#include "engine/reference/reference.hpp"

namespace tug::engine::manifest {

// cfg with ref's host added to the insecure registries when insecure is set.
EngineConfig with_insecure(const EngineConfig& cfg, const reference::Reference& ref, bool insecure);

// The entry for one image: its manifest and platform from the registry; when the
// registry does not have it (or cannot be reached) and the image is in the local store,
// from there. InvalidArgument when the reference names a list.
Entry fetch_entry(const EngineConfig& cfg, const reference::Reference& ref, bool insecure);

// The platform an image config declares.
content::Platform platform_of_config(const std::string& config_bytes);

// The entry of ref in entries (by reference, else by digest); nullptr when absent.
const Entry* find_entry(const std::vector<Entry>& entries, const reference::Reference& ref);

}  // namespace tug::engine::manifest
