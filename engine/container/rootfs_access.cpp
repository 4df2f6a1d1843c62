// with_rootfs: a running container's root as its own processes see it, or a temporary
// mount of a stopped container's layers.
#include "engine/container/rootfs_access.hpp"

#include <sys/stat.h>

#include <vector>

#include "engine/base/fs.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"

namespace tug::engine::container {

void with_rootfs(const EngineConfig& config, const nlohmann::json& rec,
                 const std::function<void(const std::string& rootfs)>& fn) {
    const std::string id = rec["Id"].get<std::string>();
    const Paths paths = paths_for(config, id);
    // A running container's root in its own mount namespace holds its volumes and bind
    // mounts too, which the overlay mount on the host does not show.
    const int pid = rec["State"].value("Running", false) ? rec["State"].value("Pid", 0) : 0;
    struct stat st {};
    if (pid > 0 && monitor_alive(config, id)) {
        const std::string root = "/proc/" + std::to_string(pid) + "/root";
        if (::stat(root.c_str(), &st) == 0) {
            fn(root);
            return;
        }
    }
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
