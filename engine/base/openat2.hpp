// Paths opened under a directory with openat2(2)'s resolve restrictions: the one place
// tug makes the raw system call. Inside a container's rootfs a symlink (absolute or
// "../..") resolves as if the rootfs were "/", never to the host.
#pragma once

#include <linux/openat2.h>

#include <cstdint>
#include <optional>
#include <string>

#include "engine/base/unique_fd.hpp"

namespace tug::base {

// Resolution for a path inside a container rootfs: "/" and ".." stop at the root,
// symlinks are followed within it, /proc's magic links are refused.
inline constexpr uint64_t kResolveInRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

// openat2(2) of path relative to dirfd, resolved as `resolve` (RESOLVE_* flags) says;
// O_CLOEXEC is always added. A walk the kernel gives up with EAGAIN (something was
// renamed or mounted meanwhile) is retried a bounded number of times. On failure the fd
// is invalid and errno says why (ENOSYS before Linux 5.6).
UniqueFd open_resolved(int dirfd, const std::string& path, int flags, uint64_t resolve,
                       unsigned mode = 0) noexcept;

// Where an open fd is, as the kernel names it (its /proc/self/fd link): how a caller sees
// where open_resolved's walk ended. Throws tug::Error when it cannot be read.
std::string fd_path(int fd);

// The whole file at path inside rootfs, resolved as if rootfs were "/"; nullopt when it
// or one of its parents does not exist. Throws tug::Error for other failures.
std::optional<std::string> read_file_in_root(const std::string& rootfs, const std::string& path);

}  // namespace tug::base
