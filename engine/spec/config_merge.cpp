// Entrypoint/Cmd/Env/WorkingDir/User merging.
#include "engine/spec/config_merge.hpp"

#include <charconv>

#include "engine/base/error.hpp"

namespace tug::engine::spec {

using nlohmann::json;

namespace {

std::vector<std::string> strings_of(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.is_object()) return out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (auto& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string string_of(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string_view key_of(std::string_view kv) { return kv.substr(0, kv.find('=')); }

}  // namespace

std::vector<std::string> merge_env(const std::vector<std::string>& base,
                                   const std::vector<std::string>& overrides) {
    std::vector<std::string> out = base;
    for (const auto& kv : overrides) {
        bool replaced = false;
        for (auto& existing : out) {
            if (key_of(existing) == key_of(kv)) {
                existing = kv;
                replaced = true;
                break;
            }
        }
        if (!replaced) out.push_back(kv);
    }
    return out;
}

json merge_config(const json& image_config, const UserOverrides& o) {
    std::vector<std::string> entrypoint, cmd;
    if (o.entrypoint) {
        // An explicit --entrypoint also drops the image's Cmd, as docker does.
        if (!o.entrypoint->empty()) entrypoint = {*o.entrypoint};
        cmd = o.command;
    } else {
        entrypoint = strings_of(image_config, "Entrypoint");
        cmd = o.command.empty() ? strings_of(image_config, "Cmd") : o.command;
    }
    if (entrypoint.empty() && cmd.empty())
        throw Error(Errc::InvalidArgument, "No command specified");

    std::string workdir = o.workdir.empty() ? string_of(image_config, "WorkingDir") : o.workdir;
    if (!workdir.empty() && workdir[0] != '/')
        throw Error(Errc::InvalidArgument, "the working directory '" + workdir +
                                               "' is invalid, it needs to be an absolute path");

    json c = json::object();
    c["User"] = o.user.empty() ? string_of(image_config, "User") : o.user;
    c["Env"] = merge_env(strings_of(image_config, "Env"), o.env);
    c["Cmd"] = cmd.empty() ? json(nullptr) : json(cmd);
    c["Entrypoint"] = entrypoint.empty() ? json(nullptr) : json(entrypoint);
    c["WorkingDir"] = workdir;
    return c;
}

}  // namespace tug::engine::spec
