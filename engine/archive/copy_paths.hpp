// docker cp's path rules as pure functions: how a source is named in the copy and where
// it lands, from the source's kind and the destination's state (docker's archive
// package: SplitPathDirEntry, PrepareArchiveCopy).
#pragma once

#include <string>

namespace tug::engine::archive {

// Whether path ends in "/" or "/." (or is "."): the user says it is a directory.
bool asserts_directory(const std::string& path);

// The directory and the entry of a path, with docker's "/." kept as the entry ".":
// "/a/b" -> {"/a", "b"}, "/a/b/" -> {"/a", "b"}, "/a/b/." -> {"/a/b", "."}.
struct DirEntry {
    std::string dir, entry;
};
DirEntry split_dir_entry(const std::string& path);

// A path in the container as an absolute path, keeping a trailing "/" or "/.".
std::string container_abs_path(const std::string& path);

struct CopyTarget {
    std::string dir;   // where the entries are extracted
    std::string name;  // the name the source's top entry gets there
};

// Where a source named src_name (split_dir_entry's entry) lands for destination dst.
// InvalidArgument "cannot copy directory" (a directory onto a file) and "no such
// directory" (a file to a missing path that ends in "/").
CopyTarget plan_copy(bool src_is_dir, const std::string& src_name, const std::string& dst, bool dst_exists,
                     bool dst_is_dir);

}  // namespace tug::engine::archive
