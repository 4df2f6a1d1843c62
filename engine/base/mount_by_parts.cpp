// The new mount API, option by option (see mount_by_parts.hpp).
#include "engine/base/mount_by_parts.hpp"

#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::base {

namespace {

// One option: "key=value" as a string, a bare word as a flag. A lowerdir list becomes
// one "lowerdir+" per layer, top first as in the list.
void configure(int fs, const std::string& fstype, const std::string& option) {
    auto set = [&](const std::string& key, const std::string* value) {
        const int cmd = value ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG;
        if (::syscall(SYS_fsconfig, fs, cmd, key.c_str(), value ? value->c_str() : nullptr, 0) != 0) {
            const int err = errno;
            if (key == "lowerdir+" && err == EINVAL)
                throw Error(Errc::Unavailable,
                            "mount " + fstype + ": this kernel takes the lower layers as one option of at most "
                            "a page (an image of more than ~45 layers needs Linux 6.8)");
            throw sys_error("mount " + fstype + ": option " + key, err);
        }
    };
    const size_t eq = option.find('=');
    if (eq == std::string::npos) return set(option, nullptr);
    const std::string key = option.substr(0, eq);
    const std::string value = option.substr(eq + 1);
    if (key != "lowerdir") return set(key, &value);
    size_t i = 0;
    while (i <= value.size()) {
        size_t j = value.find(':', i);
        if (j == std::string::npos) j = value.size();
        const std::string layer = value.substr(i, j - i);
        if (!layer.empty()) set("lowerdir+", &layer);
        i = j + 1;
    }
}

}  // namespace

void mount_by_parts(const std::string& fstype, const std::vector<std::string>& options, const std::string& target,
                    bool read_only, bool nosuid, bool nodev, bool noexec) {
    UniqueFd fs(static_cast<int>(::syscall(SYS_fsopen, fstype.c_str(), FSOPEN_CLOEXEC)));
    if (!fs) throw sys_error("mount " + fstype + ": fsopen");
    for (const auto& o : options) configure(fs.get(), fstype, o);
    if (::syscall(SYS_fsconfig, fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
        throw sys_error("mount " + fstype + " on " + target);
    unsigned attrs = 0;
    if (read_only) attrs |= MOUNT_ATTR_RDONLY;
    if (nosuid) attrs |= MOUNT_ATTR_NOSUID;
    if (nodev) attrs |= MOUNT_ATTR_NODEV;
    if (noexec) attrs |= MOUNT_ATTR_NOEXEC;
    UniqueFd mnt(static_cast<int>(::syscall(SYS_fsmount, fs.get(), FSMOUNT_CLOEXEC, attrs)));
    if (!mnt) throw sys_error("mount " + fstype + " on " + target);
    if (::syscall(SYS_move_mount, mnt.get(), "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0)
        throw sys_error("mount " + fstype + " on " + target);
}

}  // namespace tug::base
