// with_rootfs: the mounted rootfs, or a temporary mount of a stopped container's layers.
#include "engine/container/rootfs_access.hpp"

#include <vector>

#include "engine/base/fs.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/store.hpp"

namespace tug::engine::container {

void with_rootfs(const EngineConfig& config, const nlohmann::json& rec,
                 const std::function<void(const std::string& rootfs)>& fn) {
    const Paths paths = paths_for(config, rec["Id"].get<std::string>());
    if (base::is_mount_point(paths.rootfs)) {
        fn(paths.rootfs);
        return;
    }
    base::make_dirs(config.state_dir + "/tmp", 0700);
    base::TempDir dir(config.state_dir + "/tmp", ".rootfs-");
    std::vector<base::MountGuard> guards;
    for (const auto& m : rootfs_mounts(config, rec.value("_tug", nlohmann::json::object()), paths.upper, paths.work))
        guards.emplace_back(m, dir.path());
    fn(dir.path());
    while (!guards.empty()) guards.pop_back();  // unmount before the directory goes
}

}  // namespace tug::engine::container
