// Mounting a file system whose options do not fit mount(2)'s one page: an overlay of
// more than ~45 layers, whose lowerdir lists every layer's path. The new mount API
// (fsopen/fsconfig/fsmount) takes each option on its own, and each lower layer on its
// own too ("lowerdir+", Linux 6.8).
#pragma once

#include <string>
#include <vector>

namespace tug::base {

// options: "key=value" or flag-like ("volatile") file-system options, in order;
// read_only, nosuid, nodev, noexec: the mount's own attributes. Throws tug::Error.
void mount_by_parts(const std::string& fstype, const std::vector<std::string>& options, const std::string& target,
                    bool read_only, bool nosuid, bool nodev, bool noexec);

}  // namespace tug::base
