// Copying a file's extended attributes, for the copies that must keep them (a layer
// copied into a snapshot, an image directory copied up into a volume).
#pragma once

#include <string>

namespace tug::base {

// Copies every extended attribute of src to dst, neither followed if it is a symlink.
// An attribute the destination's file system or our privileges refuse (ENOTSUP, EPERM:
// trusted.* without root) is skipped; other failures throw tug::Error.
void copy_xattrs(const std::string& src, const std::string& dst);

}  // namespace tug::base
