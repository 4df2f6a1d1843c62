// prepare_mounts/release_mounts: the run path's use of volumes and binds.
#include "engine/volume/attach.hpp"

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/base/random.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine::volume {

using nlohmann::json;

PreparedMounts prepare_mounts(const EngineConfig& cfg, std::vector<MountSpec>& specs,
                              const std::string& container_id, const std::string& image_rootfs) {
    check_duplicate_destinations(specs);
    PreparedMounts out;
    std::vector<std::string> acquired;
    try {
        for (auto& spec : specs) {
            std::string host_path;
            if (spec.type == MountType::Volume) {
                if (spec.source.empty()) spec.source = base::random_id();
                CreateRequest req;
                req.name = spec.source;
                req.driver = spec.volume_driver.empty() ? "local" : spec.volume_driver;
                req.labels = spec.volume_labels;
                req.options = spec.volume_options;
                req.anonymous = spec.anonymous;
                create_volume(cfg, req);
                host_path = acquire(cfg, spec.source, container_id);
                acquired.push_back(spec.source);
                if (spec.copy_data && !image_rootfs.empty())
                    copy_up(image_rootfs, spec.destination, host_path);
            } else if (spec.type == MountType::Bind) {
                validate_bind_daemon_root(spec, cfg.data_root);
                ensure_bind_source(spec);
                host_path = spec.source;
            }
            out.oci_mounts.push_back(oci_mount(spec, host_path));
            if (auto mp = record_mount_point(spec, host_path)) out.record_mounts.push_back(*mp);
        }
    } catch (...) {
        for (const auto& name : acquired) {
            try {
                release(cfg, name, container_id);
            } catch (const Error& e) {
                base::log_warning("release volume " + name + ": " + e.message());
            }
        }
        throw;
    }
    out.rootfs_propagation = rootfs_propagation(specs);
    return out;
}

void release_mounts(const EngineConfig& cfg, const json& record_mounts, const std::string& container_id) {
    if (!record_mounts.is_array()) return;
    for (const auto& m : record_mounts)
        if (m.value("Type", std::string()) == "volume")
            release(cfg, m.value("Name", std::string()), container_id);
}

std::vector<std::string> remove_anonymous_volumes(const EngineConfig& cfg, const json& record_mounts) {
    std::vector<std::string> errors;
    if (!record_mounts.is_array()) return errors;
    for (const auto& m : record_mounts) {
        if (m.value("Type", std::string()) != "volume") continue;
        const std::string name = m.value("Name", std::string());
        auto rec = find_volume(cfg, name);
        if (!rec || !is_anonymous(*rec) || !volume_users(cfg, name).empty()) continue;
        try {
            remove_volume(cfg, name, true);
        } catch (const Error& e) {
            errors.push_back(e.message());
        }
    }
    return errors;
}

std::vector<MountSpec> specs_from_container(const json& record_mounts, const std::string& mode) {
    if (!mode.empty() && mode != "ro" && mode != "rw")
        throw Error(Errc::InvalidArgument, "invalid mode: " + mode);
    std::vector<MountSpec> out;
    if (!record_mounts.is_array()) return out;
    for (const auto& m : record_mounts) {
        const std::string type = m.value("Type", std::string());
        MountSpec s;
        if (type == "volume") s.type = MountType::Volume, s.source = m.value("Name", std::string());
        else if (type == "bind") s.type = MountType::Bind, s.source = m.value("Source", std::string());
        else if (type == "tmpfs") s.type = MountType::Tmpfs;
        else continue;
        s.destination = m.value("Destination", std::string());
        s.read_only = mode.empty() ? !m.value("RW", true) : mode == "ro";
        s.mode = m.value("Mode", std::string());
        if (s.type == MountType::Bind) s.propagation = m.value("Propagation", std::string());
        if (s.type == MountType::Volume) s.volume_driver = m.value("Driver", std::string());
        // The volume already holds its data: never copy the image over it again.
        s.copy_data = false;
        s.origin = MountSpec::Origin::VolumesFrom;
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace tug::engine::volume
