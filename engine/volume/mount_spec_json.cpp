// MountSpec <-> JSON (see mount_spec_json.hpp).
#include "engine/volume/mount_spec_json.hpp"

namespace tug::engine::volume {

using nlohmann::json;

json mount_spec_to_json(const MountSpec& s) {
    return json{{"type", mount_type_name(s.type)},
                {"source", s.source},
                {"destination", s.destination},
                {"read_only", s.read_only},
                {"mode", s.mode},
                {"propagation", s.propagation},
                {"bind_nonrecursive", s.bind_nonrecursive},
                {"copy_data", s.copy_data},
                {"volume_driver", s.volume_driver},
                {"volume_options", s.volume_options},
                {"volume_labels", s.volume_labels},
                {"tmpfs_size", s.tmpfs_size},
                {"tmpfs_mode", s.tmpfs_mode},
                {"tmpfs_data", s.tmpfs_data},
                {"origin", static_cast<int>(s.origin)},
                {"anonymous", s.anonymous}};
}

MountSpec mount_spec_from_json(const json& j) {
    MountSpec s;
    const std::string type = j.value("type", std::string("volume"));
    s.type = type == "bind" ? MountType::Bind : type == "tmpfs" ? MountType::Tmpfs : MountType::Volume;
    s.source = j.value("source", std::string());
    s.destination = j.value("destination", std::string());
    s.read_only = j.value("read_only", false);
    s.mode = j.value("mode", std::string());
    s.propagation = j.value("propagation", std::string());
    s.bind_nonrecursive = j.value("bind_nonrecursive", false);
    s.copy_data = j.value("copy_data", true);
    s.volume_driver = j.value("volume_driver", std::string());
    if (j.contains("volume_options")) s.volume_options = j["volume_options"].get<std::map<std::string, std::string>>();
    if (j.contains("volume_labels")) s.volume_labels = j["volume_labels"].get<std::map<std::string, std::string>>();
    s.tmpfs_size = j.value("tmpfs_size", int64_t{0});
    s.tmpfs_mode = j.value("tmpfs_mode", uint32_t{0});
    s.tmpfs_data = j.value("tmpfs_data", std::string());
    s.origin = static_cast<MountSpec::Origin>(j.value("origin", 0));
    s.anonymous = j.value("anonymous", false);
    return s;
}

}  // namespace tug::engine::volume
