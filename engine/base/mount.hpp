// Mounts as data (what a snapshotter returns) and MountGuard, which unmounts what it
// mounted unless dismissed. This is the one place that calls mount(2).
#pragma once

#include <string>
#include <vector>

namespace tug::base {

struct Mount {
    std::string type;    // "overlay", "bind", "tmpfs", ...
    std::string source;  // device or path
    std::vector<std::string> options;  // "ro", "rbind", "lowerdir=...", ...
};

// Mounts m at target. Flags named in options ("ro", "nosuid", "bind", "rbind", ...)
// become mount flags; the rest are passed as data.
void mount_at(const Mount& m, const std::string& target);
// Unmounts target; a target that is not mounted is not an error. detach: MNT_DETACH.
void unmount(const std::string& target, bool detach = false);
// Whether path is a mount point (a different mount than its parent).
bool is_mount_point(const std::string& path);

class MountGuard {
public:
    MountGuard() = default;
    MountGuard(const Mount& m, std::string target);
    MountGuard(MountGuard&& o) noexcept : target_(std::move(o.target_)) { o.target_.clear(); }
    MountGuard& operator=(MountGuard&&) = delete;
    MountGuard(const MountGuard&) = delete;
    MountGuard& operator=(const MountGuard&) = delete;
    ~MountGuard();

    void dismiss() noexcept { target_.clear(); }
    const std::string& target() const noexcept { return target_; }

private:
    std::string target_;
};

}  // namespace tug::base
