// Records the host-shaping options of run/create (see create_host.hpp).
#include "engine/container/create_host.hpp"

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/base/random.hpp"
#include "engine/container/host_validate.hpp"
#include "engine/container/store.hpp"
#include "engine/volume/attach.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine::container {

namespace {

bool covers(const std::vector<MountSpec>& specs, const std::string& dst) {
    for (const auto& s : specs)
        if (s.destination == dst) return true;
    return false;
}

// All mounts, by docker's precedence: the user's -v/--mount/--tmpfs, then
// --volumes-from, then the image's VOLUMEs, each only where no earlier one mounts.
std::vector<MountSpec> collect_mounts(const EngineConfig& config, const ContainerHostOptions& o,
                                      const ImageSource& image, ContainerHostConfig& host) {
    std::vector<MountSpec> specs;
    host.binds.clear();
    for (const auto& v : o.volumes) {
        specs.push_back(volume::parse_volume_flag(v, o.volume_driver, o.working_dir));
        if (!specs.back().anonymous) host.binds.push_back(v);
    }
    for (const auto& m : o.mounts)
        specs.push_back(volume::parse_mount_flag(m, o.working_dir));
    for (const auto& t : o.tmpfs)
        specs.push_back(volume::parse_tmpfs_flag(t));
    volume::check_duplicate_destinations(specs);
    if (!o.volumes_from.empty()) {
        Store store(config);
        for (const auto& ref : o.volumes_from) {
            std::string name = ref, mode;
            if (auto colon = ref.rfind(':'); colon != std::string::npos)
                name = ref.substr(0, colon), mode = ref.substr(colon + 1);
            const ContainerRecord other = store.get(store.resolve(name));
            for (auto& s : volume::specs_from_container(other.mounts, mode))
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
    host.volumes_from = o.volumes_from;
    host.volume_driver = o.volume_driver;
    return specs;
}

}  // namespace

void record_host_config(const EngineConfig& config, const ContainerHostOptions& opts,
                        const ImageSource& image, ContainerRecord& rec) {
    rec.mounts = collect_mounts(config, opts, image, rec.host);
    record_security(config, opts, rec.host);
    record_resources(opts, rec.host.resources);
}

void create_volumes(const EngineConfig& config, const ContainerRecord& rec, base::UndoStack& undo) {
    for (const MountSpec& s : rec.mounts) {
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
