// Records the host-shaping options of run/create (see create_host.hpp).
#include "engine/container/create_host.hpp"

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/base/random.hpp"
#include "engine/container/host_validate.hpp"
#include "engine/container/store.hpp"
#include "engine/volume/attach.hpp"
#include "engine/volume/mount_spec_json.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine::container {

using nlohmann::json;
using volume::MountSpec;
using volume::MountType;

namespace {

json string_list_or_null(const std::vector<std::string>& v) {
    return v.empty() ? json(nullptr) : json(v);
}

bool covers(const std::vector<MountSpec>& specs, const std::string& dst) {
    for (const auto& s : specs)
        if (s.destination == dst) return true;
    return false;
}

// docker's HostConfig.Mounts entry of a --mount.
json mount_entry(const MountSpec& s) {
    json m{{"Type", volume::mount_type_name(s.type)}, {"Target", s.destination}};
    if (!s.source.empty()) m["Source"] = s.source;
    if (s.read_only) m["ReadOnly"] = true;
    if (s.type == MountType::Bind && !s.propagation.empty())
        m["BindOptions"] = {{"Propagation", s.propagation}};
    if (s.type == MountType::Volume && (!s.copy_data || !s.volume_labels.empty()))
        m["VolumeOptions"] = {{"NoCopy", !s.copy_data}, {"Labels", s.volume_labels}};
    if (s.type == MountType::Tmpfs && (s.tmpfs_size || s.tmpfs_mode)) {
        json t = json::object();
        if (s.tmpfs_size) t["SizeBytes"] = s.tmpfs_size;
        if (s.tmpfs_mode) t["Mode"] = s.tmpfs_mode;
        m["TmpfsOptions"] = t;
    }
    return m;
}

// All mounts, by docker's precedence: the user's -v/--mount/--tmpfs, then
// --volumes-from, then the image's VOLUMEs, each only where no earlier one mounts.
std::vector<MountSpec> collect_mounts(const EngineConfig& config, const ContainerHostOptions& o,
                                      const ImageSource& image, json& host_cfg) {
    std::vector<MountSpec> specs;
    json binds = json::array(), mounts = json::array(), tmpfs = json::object();
    for (const auto& v : o.volumes) {
        specs.push_back(volume::parse_volume_flag(v, o.volume_driver));
        if (!specs.back().anonymous) binds.push_back(v);
    }
    for (const auto& m : o.mounts) {
        specs.push_back(volume::parse_mount_flag(m));
        mounts.push_back(mount_entry(specs.back()));
    }
    for (const auto& t : o.tmpfs) {
        specs.push_back(volume::parse_tmpfs_flag(t));
        tmpfs[specs.back().destination] = specs.back().tmpfs_data;
    }
    volume::check_duplicate_destinations(specs);
    if (!o.volumes_from.empty()) {
        Store store(config);
        for (const auto& ref : o.volumes_from) {
            std::string name = ref, mode;
            if (auto colon = ref.rfind(':'); colon != std::string::npos)
                name = ref.substr(0, colon), mode = ref.substr(colon + 1);
            const json other = store.get(store.resolve(name));
            for (auto& s : volume::specs_from_container(other.value("Mounts", json::array()), mode))
                if (!covers(specs, s.destination)) specs.push_back(std::move(s));
        }
    }
    if (image.config.contains("Volumes") && image.config["Volumes"].is_object())
        for (const auto& [dst, _] : image.config["Volumes"].items()) {
            auto s = volume::image_volume(dst);
            if (!covers(specs, s.destination)) specs.push_back(std::move(s));
        }
    for (auto& s : specs)
        if (s.type == MountType::Volume && s.source.empty()) s.source = base::random_id();
    host_cfg["Binds"] = binds.empty() ? json(nullptr) : binds;
    host_cfg["Mounts"] = mounts;
    host_cfg["Tmpfs"] = tmpfs.empty() ? json(nullptr) : tmpfs;
    host_cfg["VolumesFrom"] = string_list_or_null(o.volumes_from);
    host_cfg["VolumeDriver"] = o.volume_driver;
    return specs;
}

}  // namespace

void record_host_config(const EngineConfig& config, const ContainerHostOptions& opts,
                        const ImageSource& image, json& rec) {
    json& hc = rec["HostConfig"];
    const auto specs = collect_mounts(config, opts, image, hc);
    record_security(config, opts, hc);
    record_resources(opts, hc);

    json tug_mounts = json::array(), record_mounts = json::array(), volumes = json::object();
    for (const auto& s : specs) {
        tug_mounts.push_back(volume::mount_spec_to_json(s));
        const std::string host_path =
            s.type == MountType::Volume ? volume::volume_data_dir(config, s.source) : s.source;
        if (auto mp = volume::record_mount_point(s, host_path)) record_mounts.push_back(*mp);
        if (s.anonymous && s.origin != MountSpec::Origin::VolumesFrom) volumes[s.destination] = json::object();
    }
    rec["_tug"]["mounts"] = tug_mounts;
    rec["Mounts"] = record_mounts;
    rec["Config"]["Volumes"] = volumes.empty() ? json(nullptr) : volumes;
}

void create_volumes(const EngineConfig& config, const json& rec, base::UndoStack& undo) {
    for (const auto& j : rec["_tug"].value("mounts", json::array())) {
        const MountSpec s = volume::mount_spec_from_json(j);
        if (s.type != MountType::Volume || volume::find_volume(config, s.source)) continue;
        undo.push("remove volume " + s.source, [&config, name = s.source] {
            volume::remove_volume(config, name, true);
        });
        volume::CreateRequest req;
        req.name = s.source;
        req.driver = s.volume_driver.empty() ? "local" : s.volume_driver;
        req.labels = s.volume_labels;
        req.options = s.volume_options;
        req.anonymous = s.anonymous;
        volume::create_volume(config, req);
    }
}

}  // namespace tug::engine::container
