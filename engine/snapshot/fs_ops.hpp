// Directory-fd file operations for unpacking: resolving paths beneath a root without
// following symlinks, removing trees, and copying a tree with everything preserved.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/base/unique_fd.hpp"

namespace tug::engine::snapshot {

// Splits a tar entry name into clean components ("./a//b/" -> {"a","b"}). Throws
// InvalidArgument for absolute names and for any ".." component.
std::vector<std::string> split_entry_path(std::string_view name);

// Opens the directory at the components (relative to root_fd) with no component
// allowed to be a symlink or to leave root. create: missing directories are made
// (mode 0755). An empty list opens root itself. Throws InvalidArgument when a component
// is a symlink or not a directory.
base::UniqueFd open_dir_beneath(int root_fd, const std::vector<std::string>& comps, size_t count,
                                bool create);

// Removes name (a file or a whole tree) inside dirfd; a missing name is not an error.
void remove_at(int dirfd, const std::string& name);
// Removes path and everything under it; a missing path is not an error.
void remove_tree(const std::string& path);

// Copies the tree at src into the existing directory dst: files, directories,
// symlinks, hardlinks (kept as links), device nodes, fifos, ownership, modes, xattrs
// and timestamps.
void copy_tree(const std::string& src, const std::string& dst);

// Total bytes of regular files under path (hardlinked files counted once).
uint64_t tree_size(const std::string& path);

// Marks dir as the top of directory hierarchies (chattr +T) where the file system
// knows the flag (ext2/3/4): ext4's Orlov allocator then spreads its subdirectories over
// block groups instead of packing them next to dir. Each snapshot gets its own group, so
// parallel unpacks do not contend and do not scan a group full of inodes freed moments
// ago (ext4 skips those, one inode-table lookup each, which made file creation the
// largest cost of a pull on a busy file system). Returns whether the flag is set;
// elsewhere it is a no-op.
bool mark_top_directory(const std::string& dir);

}  // namespace tug::engine::snapshot
