// with_rootfs: a running container's root as its own processes see it, or a temporary
// mount of a stopped container's layers.
#include "engine/container/rootfs_access.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "engine/base/fs.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/openat2.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"
#include "engine/volume/store.hpp"

namespace tug::engine::container {

namespace {

// A stopped container's volumes and bind mounts, bound where it would see them (as
// docker does for cp), so a copy neither misses them nor writes beneath them. Each
// destination resolves inside the root; a missing one is skipped.
void mount_volumes(const EngineConfig& config, const ContainerRecord& rec, const std::string& root,
                   std::vector<base::MountGuard>& guards) {
    std::vector<MountSpec> mounts;
    for (const auto& m : rec.mounts)
        if (m.type != MountType::Tmpfs && !m.source.empty()) mounts.push_back(m);
    // Parents before what is mounted inside them.
    std::sort(mounts.begin(), mounts.end(), [](const MountSpec& a, const MountSpec& b) {
        return a.destination.size() < b.destination.size();
    });
    base::UniqueFd root_fd = base::open_fd(root.c_str(), O_PATH | O_DIRECTORY);
    const std::string real_root = base::fd_path(root_fd.get());
    for (const auto& m : mounts) {
        base::UniqueFd target = base::open_resolved(root_fd.get(), m.destination, O_PATH, base::kResolveInRoot);
        if (!target) continue;
        const std::string where = base::fd_path(target.get());
        if (real_root.empty() || where.rfind(real_root + "/", 0) != 0) continue;  // inside the root only
        std::vector<std::string> opts{"bind"};
        if (m.read_only) opts.push_back("ro");
        const std::string source =
            m.type == MountType::Volume ? volume::volume_data_dir(config, m.source) : m.source;
        guards.emplace_back(base::Mount{"bind", source, opts}, where);
    }
}

}  // namespace

void with_rootfs(const EngineConfig& config, const ContainerRecord& rec,
                 const std::function<void(const std::string& rootfs)>& fn) {
    const std::string& id = rec.id;
    const Paths paths = paths_for(config, id);
    // A running container's root in its own mount namespace holds its volumes and bind
    // mounts too, which the overlay mount on the host does not show.
    const int pid = rec.state.has_process() ? rec.state.pid : 0;
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
    for (const auto& m : rootfs_mounts(config, rec.rootfs, paths.upper, paths.work))
        guards.emplace_back(m, dir.path());
    mount_volumes(config, rec, dir.path(), guards);
    fn(dir.path());
    while (!guards.empty()) guards.pop_back();  // unmount before the directory goes
}

}  // namespace tug::engine::container
