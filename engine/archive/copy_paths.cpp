// docker cp's path rules.
#include "engine/archive/copy_paths.hpp"

#include <vector>

#include "engine/base/error.hpp"
#include "engine/base/paths.hpp"

namespace tug::engine::archive {

namespace {

using base::clean_path;

bool specifies_current_dir(const std::string& p) {
    return p == "." || (p.size() >= 2 && p.compare(p.size() - 2, 2, "/.") == 0);
}

}  // namespace

bool asserts_directory(const std::string& path) {
    return (!path.empty() && path.back() == '/') || specifies_current_dir(path);
}

DirEntry split_dir_entry(const std::string& path) {
    std::string cleaned = clean_path(path);
    if (specifies_current_dir(path)) cleaned += cleaned == "/" ? "." : "/.";
    auto slash = cleaned.rfind('/');
    if (slash == std::string::npos) return {".", cleaned};
    std::string dir = slash == 0 ? "/" : cleaned.substr(0, slash);
    std::string entry = cleaned.substr(slash + 1);
    if (entry.empty()) entry = "/";  // the root itself
    return {dir, entry};
}

std::string container_abs_path(const std::string& path) {
    std::string abs = clean_path("/" + path);
    if (specifies_current_dir(path)) abs += abs == "/" ? "." : "/.";
    else if (!path.empty() && path.back() == '/' && abs != "/") abs += "/";
    return abs;
}

CopyTarget plan_copy(bool src_is_dir, const std::string& src_name, const std::string& dst, bool dst_exists,
                     bool dst_is_dir) {
    const DirEntry d = split_dir_entry(dst);
    // Into an existing directory: the entries as they are ("." copies the contents).
    if (dst_exists && dst_is_dir) return {dst, src_name};
    if (dst_exists && src_is_dir) throw Error(Errc::InvalidArgument, "cannot copy directory");
    // Onto an existing file, or creating the destination: renamed to its name.
    if (dst_exists || src_is_dir) return {d.dir, d.entry};
    if (asserts_directory(dst)) throw Error(Errc::InvalidArgument, "no such directory");
    return {d.dir, d.entry};
}

}  // namespace tug::engine::archive
