// CNI conflist parsing and validation.
#include "cni/conflist.hpp"

#include <dirent.h>

#include <algorithm>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::cni {

using nlohmann::json;

namespace {

std::vector<int> split_version(const std::string& v) {
    std::vector<int> out;
    std::stringstream ss(v);
    std::string part;
    while (std::getline(ss, part, '.')) {
        try {
            out.push_back(std::stoi(part));
        } catch (...) {
            out.push_back(-1);
        }
    }
    while (out.size() < 3) out.push_back(0);
    return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool version_supported(const std::string& version) {
    static const char* kVersions[] = {"0.3.0", "0.3.1", "0.4.0", "1.0.0"};
    return std::any_of(std::begin(kVersions), std::end(kVersions),
                       [&](const char* v) { return version == v; });
}

int compare_versions(const std::string& a, const std::string& b) {
    auto va = split_version(a), vb = split_version(b);
    for (size_t i = 0; i < 3; ++i) {
        if (va[i] != vb[i]) return va[i] < vb[i] ? -1 : 1;
    }
    return 0;
}

std::string plugin_type(const json& plugin) {
    auto it = plugin.find("type");
    return it != plugin.end() && it->is_string() ? it->get<std::string>() : std::string();
}

NetworkConfigList parse_conflist(const std::string& text) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(Errc::InvalidArgument, std::string("invalid CNI config: ") + e.what());
    }
    if (!doc.is_object()) throw Error(Errc::InvalidArgument, "invalid CNI config: not a JSON object");
    NetworkConfigList list;
    list.bytes = text;
    list.name = doc.value("name", "");
    list.cni_version = doc.value("cniVersion", "");
    if (list.name.empty()) throw Error(Errc::InvalidArgument, "invalid CNI config: no network name");
    const std::string where = "CNI network " + list.name;
    if (list.cni_version.empty()) throw Error(Errc::InvalidArgument, where + ": no cniVersion");
    if (!version_supported(list.cni_version)) {
        throw Error(Errc::InvalidArgument, where + ": unsupported cniVersion " + list.cni_version +
                                               " (tug supports 0.3.0, 0.3.1, 0.4.0, 1.0.0)");
    }
    if (doc.contains("disableCheck")) {
        const auto& dc = doc["disableCheck"];
        list.disable_check = dc.is_boolean() ? dc.get<bool>() : (dc.is_string() && dc.get<std::string>() == "true");
    }
    if (doc.contains("plugins")) {
        if (!doc["plugins"].is_array() || doc["plugins"].empty()) {
            throw Error(Errc::InvalidArgument, where + ": \"plugins\" must be a non-empty list");
        }
        for (const auto& p : doc["plugins"]) {
            if (!p.is_object() || plugin_type(p).empty()) {
                throw Error(Errc::InvalidArgument, where + ": a plugin has no \"type\"");
            }
            list.plugins.push_back(p);
        }
    } else {
        if (plugin_type(doc).empty()) throw Error(Errc::InvalidArgument, where + ": no plugins and no \"type\"");
        json p = doc;
        p.erase("name");
        p.erase("cniVersion");
        list.plugins.push_back(std::move(p));
    }
    return list;
}

NetworkConfigList load_conflist(const std::string& path) {
    return with_context("load " + path, [&] { return parse_conflist(base::read_file(path)); });
}

std::vector<NetworkConfigList> load_conf_dir(const std::string& dir) {
    std::vector<std::string> files;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (ends_with(n, ".conflist") || ends_with(n, ".conf") || ends_with(n, ".json")) {
                files.push_back(dir + "/" + n);
            }
        }
        ::closedir(d);
    }
    std::sort(files.begin(), files.end());
    std::vector<NetworkConfigList> out;
    for (const auto& f : files) {
        try {
            out.push_back(load_conflist(f));
        } catch (const Error&) {
        }
    }
    return out;
}

}  // namespace tug::cni
