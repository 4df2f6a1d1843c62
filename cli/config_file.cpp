// Reading tug.toml with toml++, strictly: every key known, every value typed.
#include "cli/config_file.hpp"

#include <toml++/toml.h>

#include <functional>
#include <map>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::cli {

namespace {

std::string where(const std::string& path, const toml::node& node) {
    return path + ":" + std::to_string(node.source().begin.line);
}

[[noreturn]] void type_error(const std::string& path, const toml::node& node,
                             const std::string& key, const char* want) {
    throw Error(Errc::InvalidArgument, where(path, node) + ": " + key + " must be " + want);
}

template <typename T>
void read_scalar(const std::string& path, const std::string& key, const toml::node& node,
                 const char* want, std::optional<T>& out) {
    auto v = node.value<T>();
    if constexpr (std::is_same_v<T, int>) {
        if (!node.is_integer()) type_error(path, node, key, want);
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!node.is_boolean()) type_error(path, node, key, want);
    } else {
        if (!node.is_string()) type_error(path, node, key, want);
    }
    if (!v) type_error(path, node, key, want);
    out = *v;
}

// A string or an array of strings ("cni_path = '/opt/cni/bin'" reads as a one-item list).
void read_strings(const std::string& path, const std::string& key, const toml::node& node,
                  std::optional<std::vector<std::string>>& out) {
    std::vector<std::string> items;
    if (auto s = node.value<std::string>(); s && node.is_string()) {
        items.push_back(*s);
    } else if (auto arr = node.as_array()) {
        for (const auto& item : *arr) {
            if (!item.is_string()) type_error(path, item, key, "a list of strings");
            items.push_back(*item.value<std::string>());
        }
    } else {
        type_error(path, node, key, "a string or a list of strings");
    }
    out = std::move(items);
}

}  // namespace

FileConfig load_config_file(const std::string& path, bool required) {
    FileConfig cfg;
    auto text = base::read_file_if_exists(path);
    if (!text) {
        if (required) throw Error(Errc::NotFound, "config file " + path + ": no such file");
        return cfg;
    }
    cfg.found = true;

    toml::table table;
    try {
        table = toml::parse(*text, path);
    } catch (const toml::parse_error& e) {
        throw Error(Errc::InvalidArgument, path + ":" + std::to_string(e.source().begin.line) +
                                               ": " + std::string(e.description()));
    }

    using Reader = std::function<void(const std::string&, const toml::node&)>;
    const std::map<std::string, Reader> readers = {
        {"data_root", [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.data_root); }},
        {"state_dir", [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.state_dir); }},
        {"namespace", [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.namespace_); }},
        {"runtime", [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.runtime); }},
        {"cgroup_manager",
         [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.cgroup_manager); }},
        {"cni_path", [&](auto& k, auto& n) { read_strings(path, k, n, cfg.cni_path); }},
        {"cni_netconfpath",
         [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.cni_netconfpath); }},
        {"insecure_registries",
         [&](auto& k, auto& n) { read_strings(path, k, n, cfg.insecure_registries); }},
        {"registry_config_dir",
         [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.registry_config_dir); }},
        {"snapshotter",
         [&](auto& k, auto& n) { read_scalar(path, k, n, "a string", cfg.snapshotter); }},
        {"max_concurrent_downloads",
         [&](auto& k, auto& n) {
             read_scalar(path, k, n, "an integer", cfg.max_concurrent_downloads);
         }},
        {"max_concurrent_uploads",
         [&](auto& k, auto& n) {
             read_scalar(path, k, n, "an integer", cfg.max_concurrent_uploads);
         }},
        {"debug", [&](auto& k, auto& n) { read_scalar(path, k, n, "a boolean", cfg.debug); }},
    };

    for (const auto& [key, node] : table) {
        const std::string name(key.str());
        auto it = readers.find(name);
        if (it == readers.end()) {
            throw Error(Errc::InvalidArgument,
                        path + ":" + std::to_string(key.source().begin.line) + ": unknown key \"" +
                            name + "\"");
        }
        it->second(name, node);
    }
    for (int* limit : {cfg.max_concurrent_downloads ? &*cfg.max_concurrent_downloads : nullptr,
                       cfg.max_concurrent_uploads ? &*cfg.max_concurrent_uploads : nullptr}) {
        if (limit && *limit < 1) {
            throw Error(Errc::InvalidArgument, path + ": concurrency limits must be at least 1");
        }
    }
    return cfg;
}

}  // namespace tug::cli
