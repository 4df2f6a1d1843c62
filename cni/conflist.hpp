// CNI network configuration lists (.conflist, and single-plugin .conf files lifted into
// a list): parsing, validation and the spec versions tug accepts.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::cni {

// The CNI spec versions whose configs and results tug understands. 0.3.x/0.4.0 and
// 1.0.0 share the result shape (interfaces, ips with an interface index, routes, dns).
bool version_supported(const std::string& version);
// Compares dotted versions: <0, 0, >0.
int compare_versions(const std::string& a, const std::string& b);

struct NetworkConfigList {
    std::string cni_version;
    std::string name;
    bool disable_check = false;
    std::vector<nlohmann::json> plugins;  // each plugin's config object, as written
    std::string bytes;                    // the source text, cached with ADD results
};

// Parses a conflist (or a single-plugin conf: an object with "type" and no "plugins").
// Throws tug::Error (InvalidArgument) naming what is wrong: missing name, no plugins,
// a plugin without "type", an unsupported cniVersion.
NetworkConfigList parse_conflist(const std::string& text);
NetworkConfigList load_conflist(const std::string& path);

// Every *.conflist/*.conf/*.json of dir, sorted by file name (libcni's order); files
// that do not parse are skipped.
std::vector<NetworkConfigList> load_conf_dir(const std::string& dir);

// The plugin's "type", or "" when missing.
std::string plugin_type(const nlohmann::json& plugin);

}  // namespace tug::cni
