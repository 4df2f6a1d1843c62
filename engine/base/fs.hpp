// Filesystem helpers: crash-safe writes (temp, fsync, rename, fsync dir), whole-file
// reads, directory creation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tug::base {

// Writes data to path so that after a crash the file holds either the old or the new
// content: temp file in the same directory, fsync, rename, fsync the directory.
void atomic_write_file(const std::string& path, std::string_view data, unsigned mode = 0644);
// Replaces path with data atomically for concurrent readers (temp file, rename) but
// without any fsync: for files a crash of the machine need not preserve (the state
// directory's, which a reboot discards anyway; those of a container removed at exit).
void write_state_file(const std::string& path, std::string_view data, unsigned mode = 0644);
// Several files in one directory, each as atomic_write_file, with one directory fsync.
void atomic_write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                        unsigned mode = 0644);

// The whole file; NotFound error when it does not exist.
std::string read_file(const std::string& path);
// The whole file, or nullopt when it does not exist.
std::optional<std::string> read_file_if_exists(const std::string& path);

// mkdir -p. The last directory, when this creates it, gets exactly mode and those above
// it 0755, whatever the process's umask; directories that exist are left as they are.
void make_dirs(const std::string& path, unsigned mode = 0755);

// fsync of a directory, making a rename or create inside it durable.
void sync_dir(const std::string& path);

}  // namespace tug::base
