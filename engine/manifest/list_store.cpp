// Local manifest list files and their JSON forms.
#include "engine/manifest/list_store.hpp"

#include <dirent.h>
#include <openssl/evp.h>

#include <algorithm>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/lazy/openssl.hpp"
#include "engine/snapshot/fs_ops.hpp"

namespace tug::engine::manifest {

namespace mt = content::media_type;
using nlohmann::json;
using nlohmann::ordered_json;

std::string escape_name(const std::string& ref) {
    std::string s = ref;
    std::replace(s.begin(), s.end(), '/', '_');
    std::replace(s.begin(), s.end(), ':', '-');
    return s;
}

std::string base64_encode(const std::string& in) {
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = lazy::crypto().EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                 reinterpret_cast<const unsigned char*>(in.data()),
                                                 static_cast<int>(in.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::string base64_decode(const std::string& in) {
    std::string out(3 * (in.size() / 4) + 3, '\0');
    const int n = lazy::crypto().EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                 reinterpret_cast<const unsigned char*>(in.data()),
                                                 static_cast<int>(in.size()));
    if (n < 0) throw Error(Errc::InvalidArgument, "invalid base64 in manifest list entry");
    size_t len = static_cast<size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    if (!in.empty() && in.back() == '=') --len;
    if (in.size() > 1 && in[in.size() - 2] == '=') --len;
    out.resize(len);
    return out;
}

ListStore::ListStore(const EngineConfig& cfg) : root_(cfg.data_root + "/manifests/" + cfg.namespace_) {}

std::string ListStore::dir_of(const std::string& list) const { return root_ + "/" + escape_name(list); }

bool ListStore::exists(const std::string& list) const {
    DIR* d = ::opendir(dir_of(list).c_str());
    if (!d) return false;
    ::closedir(d);
    return true;
}

std::vector<Entry> ListStore::load(const std::string& list) const {
    const std::string dir = dir_of(list);
    DIR* d = ::opendir(dir.c_str());
    if (!d) throw Error(Errc::NotFound, "No such manifest: " + list);
    std::vector<std::string> names;
    while (auto* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != ".." && n[0] != '.') names.push_back(n);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    std::vector<Entry> out;
    for (const auto& n : names) {
        try {
            out.push_back(entry_from_json(json::parse(base::read_file(dir + "/" + n))));
        } catch (const json::exception& e) {
            throw Error(Errc::Internal, "manifest list " + list + ": entry " + n + ": " + e.what());
        }
    }
    return out;
}

void ListStore::put(const std::string& list, const Entry& e) {
    base::make_dirs(dir_of(list), 0755);
    base::atomic_write_file(dir_of(list) + "/" + escape_name(e.ref), image_manifest_json(e).dump());
}

void ListStore::remove(const std::string& list) {
    if (!exists(list)) throw Error(Errc::NotFound, "No such manifest: " + list);
    snapshot::remove_tree(dir_of(list));
}

ordered_json image_manifest_json(const Entry& e) {
    ordered_json desc;
    desc["mediaType"] = e.descriptor.media_type;
    desc["digest"] = e.descriptor.digest;
    desc["size"] = e.descriptor.size;
    if (e.descriptor.platform) desc["platform"] = ordered_json::parse(json(*e.descriptor.platform).dump());
    ordered_json j;
    j["Ref"] = e.ref;
    j["Descriptor"] = desc;
    j["Raw"] = base64_encode(e.raw);
    ordered_json parsed = ordered_json::parse(e.raw, nullptr, false);
    if (e.descriptor.media_type == mt::kOciManifest)
        j["OCIManifest"] = parsed;
    else
        j["SchemaV2Manifest"] = parsed;
    if (e.local) j["Local"] = true;
    return j;
}

Entry entry_from_json(const json& j) {
    Entry e;
    e.ref = j.at("Ref").get<std::string>();
    e.descriptor = j.at("Descriptor").get<content::Descriptor>();
    e.raw = base64_decode(j.at("Raw").get<std::string>());
    e.local = j.value("Local", false);
    return e;
}

ordered_json list_json(const std::vector<Entry>& entries) {
    const bool oci = !entries.empty() && std::all_of(entries.begin(), entries.end(), [](const Entry& e) {
        return e.descriptor.media_type == mt::kOciManifest;
    });
    ordered_json manifests = ordered_json::array();
    for (const auto& e : entries) {
        ordered_json d;
        d["mediaType"] = e.descriptor.media_type;
        d["size"] = e.descriptor.size;
        d["digest"] = e.descriptor.digest;
        if (e.descriptor.platform) {
            const auto& p = *e.descriptor.platform;
            ordered_json pj;
            pj["architecture"] = p.architecture;
            pj["os"] = p.os;
            if (!p.os_version.empty()) pj["os.version"] = p.os_version;
            if (!p.os_features.empty()) pj["os.features"] = p.os_features;
            if (!p.variant.empty()) pj["variant"] = p.variant;
            d["platform"] = pj;
        }
        manifests.push_back(d);
    }
    ordered_json j;
    j["schemaVersion"] = 2;
    j["mediaType"] = oci ? std::string(mt::kOciIndex) : std::string(mt::kDockerManifestList);
    j["manifests"] = manifests;
    return j;
}

}  // namespace tug::engine::manifest
