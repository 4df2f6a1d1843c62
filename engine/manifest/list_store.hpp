// Local manifest lists: one directory per list under <data_root>/manifests/<namespace>/,
// one file per entry in docker's ImageManifest JSON (so the files read like docker's
// ~/.docker/manifests), plus the conversions inspect prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/content/descriptor.hpp"

namespace tug::engine::manifest {

struct Entry {
    std::string ref;                 // normalized image reference ("Ref")
    content::Descriptor descriptor;  // the manifest, with its platform
    std::string raw;                 // the manifest's bytes
    bool local = false;              // taken from the local image store, not a registry
};

// docker's makeFilesafeName: '/' -> '_', ':' -> '-'.
std::string escape_name(const std::string& ref);

class ListStore {
public:
    explicit ListStore(const EngineConfig& cfg);

    bool exists(const std::string& list) const;
    // NotFound "No such manifest: <list>" when absent. Entries in file-name order.
    std::vector<Entry> load(const std::string& list) const;
    void put(const std::string& list, const Entry& e);
    void remove(const std::string& list);

private:
    std::string dir_of(const std::string& list) const;
    std::string root_;
};

// docker's ImageManifest object: Ref, Descriptor, Raw (base64), SchemaV2Manifest or
// OCIManifest; key order as docker prints it.
nlohmann::ordered_json image_manifest_json(const Entry& e);
Entry entry_from_json(const nlohmann::json& j);

std::string base64_encode(const std::string& in);
std::string base64_decode(const std::string& in);

// The list's JSON (OCI index when every entry is an OCI manifest, else docker's
// manifest list), deterministic for given entries.
nlohmann::ordered_json list_json(const std::vector<Entry>& entries);

}  // namespace tug::engine::manifest
