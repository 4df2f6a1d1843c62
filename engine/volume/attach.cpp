// prepare_mounts/release_mounts: the run path's use of volumes and binds.
#include "engine/volume/attach.hpp"

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/base/random.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine::volume {

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

void release_mounts(const EngineConfig& cfg, const std::vector<MountSpec>& mounts,
                    const std::string& container_id) {
    for (const auto& m : mounts)
        if (m.type == MountType::Volume && !m.source.empty()) release(cfg, m.source, container_id);
}

std::vector<std::string> remove_anonymous_volumes(const EngineConfig& cfg,
                                                  const std::vector<MountSpec>& mounts) {
    std::vector<std::string> errors;
    for (const auto& m : mounts) {
        if (m.type != MountType::Volume || m.source.empty()) continue;
        auto rec = find_volume(cfg, m.source);
        if (!rec || !rec->anonymous() || !volume_users(cfg, m.source).empty()) continue;
        try {
            remove_volume(cfg, m.source, true);
        } catch (const Error& e) {
            errors.push_back(e.message());
        }
    }
    return errors;
}

std::vector<MountSpec> specs_from_container(const std::vector<MountSpec>& other_mounts,
                                            const std::string& mode) {
    if (!mode.empty() && mode != "ro" && mode != "rw")
        throw Error(Errc::InvalidArgument, "invalid mode: " + mode);
    std::vector<MountSpec> out;
    for (const auto& m : other_mounts) {
        if (m.origin == MountSpec::Origin::TmpfsFlag) continue;
        MountSpec s;
        s.type = m.type;
        if (m.type != MountType::Tmpfs) s.source = m.source;
        s.destination = m.destination;
        s.read_only = mode.empty() ? m.read_only : mode == "ro";
        // docker's MountPoint.Mode of the other container: a -v volume without one shows "z".
        s.mode = m.mode.empty() && m.type == MountType::Volume &&
                         m.origin == MountSpec::Origin::VolumeFlag
                     ? "z"
                     : m.mode;
        if (s.type == MountType::Bind) s.propagation = effective_propagation(m);
        if (s.type == MountType::Volume)
            s.volume_driver = m.volume_driver.empty() ? "local" : m.volume_driver;
        // The volume already holds its data: never copy the image over it again.
        s.copy_data = false;
        s.origin = MountSpec::Origin::VolumesFrom;
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace tug::engine::volume
