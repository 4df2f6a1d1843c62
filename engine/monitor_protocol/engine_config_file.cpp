// EngineConfig <-> engine.json in the container's state directory.
#include "engine/monitor_protocol/engine_config_file.hpp"

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::engine::monitor_protocol {

using json = nlohmann::json;

std::string engine_config_path(const std::string& state_dir, const std::string& id) {
    return state_dir + "/containers/" + id + "/engine.json";
}

void write_engine_config(const EngineConfig& c, const std::string& path) {
    json j = {{"data_root", c.data_root},
              {"state_dir", c.state_dir},
              {"namespace", c.namespace_},
              {"runtime", c.runtime},
              {"cgroup_manager", c.cgroup_manager},
              {"cni_paths", c.cni_paths},
              {"cni_conf_dir", c.cni_conf_dir},
              {"insecure_registries", c.insecure_registries},
              {"registry_config_dir", c.registry_config_dir},
              {"debug", c.debug}};
    base::write_state_file(path, j.dump());
}

EngineConfig read_engine_config(const std::string& path) {
    EngineConfig c;
    try {
        json j = json::parse(base::read_file(path));
        c.data_root = j.at("data_root").get<std::string>();
        c.state_dir = j.at("state_dir").get<std::string>();
        c.namespace_ = j.at("namespace").get<std::string>();
        c.runtime = j.at("runtime").get<std::string>();
        c.cgroup_manager = j.at("cgroup_manager").get<std::string>();
        c.cni_paths = j.at("cni_paths").get<std::vector<std::string>>();
        c.cni_conf_dir = j.at("cni_conf_dir").get<std::string>();
        c.insecure_registries = j.at("insecure_registries").get<std::vector<std::string>>();
        c.registry_config_dir = j.at("registry_config_dir").get<std::string>();
        c.debug = j.at("debug").get<bool>();
    } catch (const json::exception& e) {
        throw Error(Errc::Internal, path + ": " + e.what());
    }
    return c;
}

}  // namespace tug::engine::monitor_protocol
