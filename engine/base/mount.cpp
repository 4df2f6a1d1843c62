// mount(2)/umount2(2) wrappers and the mount-option vocabulary.
#include "engine/base/mount.hpp"

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "engine/base/error.hpp"
#include "engine/base/mount_by_parts.hpp"

namespace tug::base {

namespace {

struct FlagName {
    std::string_view name;
    bool clear;
    unsigned long flag;
};

constexpr FlagName kFlags[] = {
    {"ro", false, MS_RDONLY},         {"rw", true, MS_RDONLY},
    {"nosuid", false, MS_NOSUID},     {"suid", true, MS_NOSUID},
    {"nodev", false, MS_NODEV},       {"dev", true, MS_NODEV},
    {"noexec", false, MS_NOEXEC},     {"exec", true, MS_NOEXEC},
    {"bind", false, MS_BIND},         {"rbind", false, MS_BIND | MS_REC},
    {"noatime", false, MS_NOATIME},   {"relatime", false, MS_RELATIME},
    {"strictatime", false, MS_STRICTATIME},
    {"private", false, MS_PRIVATE},   {"rprivate", false, MS_PRIVATE | MS_REC},
    {"shared", false, MS_SHARED},     {"rshared", false, MS_SHARED | MS_REC},
    {"slave", false, MS_SLAVE},       {"rslave", false, MS_SLAVE | MS_REC},
};

}  // namespace

void mount_at(const Mount& m, const std::string& target) {
    unsigned long flags = 0;
    std::string data;
    for (const auto& opt : m.options) {
        bool known = false;
        for (const auto& f : kFlags) {
            if (opt == f.name) {
                flags = f.clear ? (flags & ~f.flag) : (flags | f.flag);
                known = true;
                break;
            }
        }
        if (!known) {
            if (!data.empty()) data += ',';
            data += opt;
        }
    }
    // mount(2) takes one page of options; a longer list (the lowerdir of an overlay of
    // many layers) goes option by option.
    if (m.type != "bind" && data.size() >= static_cast<size_t>(::sysconf(_SC_PAGESIZE))) {
        std::vector<std::string> fs_options;
        for (const auto& opt : m.options)
            if (std::none_of(std::begin(kFlags), std::end(kFlags), [&](const FlagName& f) { return opt == f.name; }))
                fs_options.push_back(opt);
        return mount_by_parts(m.type, fs_options, target, flags & MS_RDONLY, flags & MS_NOSUID, flags & MS_NODEV,
                              flags & MS_NOEXEC);
    }
    const char* type = m.type == "bind" ? nullptr : m.type.c_str();
    const bool bind = flags & MS_BIND;
    const unsigned long first_flags = bind ? (flags & ~MS_RDONLY) : flags;
    if (::mount(m.source.c_str(), target.c_str(), type, first_flags,
                data.empty() ? nullptr : data.c_str()) != 0) {
        throw sys_error("mount " + m.type + " on " + target);
    }
    // A read-only bind needs a remount: the first bind ignores MS_RDONLY.
    if (bind && (flags & MS_RDONLY)) {
        const unsigned long keep = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (::mount(nullptr, target.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | keep,
                    nullptr) != 0) {
            int err = errno;
            ::umount2(target.c_str(), MNT_DETACH);
            throw sys_error("remount " + target + " read-only", err);
        }
    }
}

void unmount(const std::string& target, bool detach) {
    if (::umount2(target.c_str(), detach ? MNT_DETACH : 0) != 0) {
        if (errno == EINVAL || errno == ENOENT) return;  // not mounted, or gone
        throw sys_error("unmount " + target);
    }
}

bool is_mount_point(const std::string& path) {
    struct stat self, parent;
    if (::stat(path.c_str(), &self) != 0) return false;
    std::string up = std::filesystem::path(path).parent_path().string();
    if (up.empty()) up = "/";
    if (::stat(up.c_str(), &parent) != 0) return false;
    return self.st_dev != parent.st_dev || self.st_ino == parent.st_ino;
}

MountGuard::MountGuard(const Mount& m, std::string target) : target_(std::move(target)) {
    mount_at(m, target_);
}

MountGuard::~MountGuard() {
    if (!target_.empty()) {
        try {
            unmount(target_, true);
        } catch (...) {
        }
    }
}

}  // namespace tug::base
