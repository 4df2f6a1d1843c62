// container_copy: docker cp between the host and a container's rootfs. Paths in the
// container resolve with RESOLVE_IN_ROOT, so a symlink in the container (absolute or
// "../..") is followed inside the rootfs and never to the host.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include "engine/api/container_tools.hpp"
#include "engine/archive/copy_entries.hpp"
#include "engine/base/error.hpp"
#include "engine/base/openat2.hpp"
#include "engine/base/paths.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/archive/copy_paths.hpp"
#include "engine/container/rootfs_access.hpp"
#include "engine/container/store.hpp"

namespace tug::engine {

using nlohmann::json;
using archive::CopyTarget;

namespace {

Error not_in_container(const std::string& path, const std::string& container) {
    return Error(Errc::NotFound, "Could not find the file " + path + " in container " + container);
}

// The path inside the root that fd (opened under it) ended up at. The root of another
// mount namespace (/proc/<pid>/root) reads as "/", its paths as that namespace sees them.
std::string path_in_root(int fd, const std::string& rootfs) {
    const std::string p = base::fd_path(fd);
    if (rootfs == "/") return p;
    if (p == rootfs) return "/";
    if (p.rfind(rootfs + "/", 0) != 0) throw Error(Errc::Internal, "resolved path " + p + " is outside the rootfs");
    return p.substr(rootfs.size());
}

// docker's name for the top entry of a source: its base name, "." for "dir/." and for
// the root (whose contents are what a copy of "/" means).
std::string source_name(const std::string& path) {
    archive::DirEntry d = archive::split_dir_entry(path);
    if (d.entry.size() == 1 && d.entry[0] == '/') d.entry = ".";
    return d.entry;
}

struct HostDest {
    std::string path;
    bool exists = false, is_dir = false;
};

// docker's CopyInfoDestinationPath: the host destination with symlinks followed (a
// dangling one names what to create); the parent of a missing one must be a directory.
HostDest host_destination(std::string path) {
    struct stat st {};
    for (int n = 0; ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode); ++n) {
        if (n > 10) throw Error(Errc::InvalidArgument, "too many symlinks in " + path);
        char buf[PATH_MAX];
        ssize_t len = ::readlink(path.c_str(), buf, sizeof buf - 1);
        if (len < 0) throw sys_error("readlink " + path);
        std::string target(buf, static_cast<size_t>(len));
        path = target[0] == '/' ? target : archive::split_dir_entry(path).dir + "/" + target;
    }
    if (::lstat(path.c_str(), &st) == 0) return {path, true, S_ISDIR(st.st_mode)};
    if (errno != ENOENT) throw sys_error("lstat " + path);
    const std::string parent = archive::split_dir_entry(path).dir;
    if (::stat(parent.c_str(), &st) != 0) throw sys_error("stat " + parent);
    if (!S_ISDIR(st.st_mode)) throw Error(Errc::InvalidArgument, "not a directory");
    return {path, false, false};
}

// docker's ValidateOutputPath: the directory a host destination goes into must exist.
void validate_output_path(const std::string& path) {
    const std::string dir = archive::split_dir_entry(base::clean_path(path)).dir;
    struct stat st {};
    if (dir != "." && ::stat(dir.c_str(), &st) != 0 && errno == ENOENT)
        throw Error(Errc::InvalidArgument, "invalid output path: directory \"" + dir + "\" does not exist");
}

uint64_t copy_out(const std::string& rootfs, const ContainerCopyOptions& o) {
    base::UniqueFd root = base::open_fd(rootfs.c_str(), O_PATH | O_DIRECTORY);
    const std::string abs = archive::container_abs_path(o.container_path);
    base::UniqueFd src = base::open_resolved(
        root.get(), abs, O_PATH | (o.follow_link ? 0 : O_NOFOLLOW), base::kResolveInRoot);
    if (!src) {
        if (errno == ENOENT || errno == ENOTDIR) throw not_in_container(o.container_path, o.container);
        throw sys_error("open " + abs + " in container " + o.container);
    }
    const std::string name = source_name(abs);
    if (o.host_path == "-") {
        archive::TarSink tar(o.out_fd);
        return archive::walk_tree(src.get(), name, tar);
    }
    struct stat st {};
    if (::fstat(src.get(), &st) != 0) throw sys_error("stat " + abs);
    const HostDest dst = host_destination(o.host_path);
    const CopyTarget t = archive::plan_copy(S_ISDIR(st.st_mode), name, dst.path, dst.exists, dst.is_dir);
    base::UniqueFd dir = base::open_fd(t.dir.c_str(), O_PATH | O_DIRECTORY);
    archive::ExtractOptions x;
    x.root_fd = dir.get();
    x.dir = ".";
    x.resolve = RESOLVE_BENEATH;  // what we extract stays under the destination
    x.keep_owner = o.archive;
    x.uid = ::getuid();
    x.gid = ::getgid();
    archive::DirSink sink(x);
    return archive::walk_tree(src.get(), t.name, sink);
}

struct ContainerDest {
    std::string path;  // resolved inside the root when it exists
    bool exists = false, is_dir = false;
};

// The destination with symlinks followed inside the root.
ContainerDest container_destination(int root, const std::string& abs) {
    base::UniqueFd fd = base::open_resolved(root, abs, O_PATH, base::kResolveInRoot);
    if (!fd) {
        // docker goes on: the parent may still exist. A dangling symlink names what to
        // create (its target, still resolved inside the root when extracting).
        base::UniqueFd link =
            base::open_resolved(root, abs, O_PATH | O_NOFOLLOW, base::kResolveInRoot);
        char target[PATH_MAX];
        ssize_t n = link ? ::readlinkat(link.get(), "", target, sizeof target - 1) : -1;
        if (n <= 0) return {abs, false, false};
        std::string t(target, static_cast<size_t>(n));
        return {t[0] == '/' ? t : archive::split_dir_entry(abs).dir + "/" + t, false, false};
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw sys_error("stat " + abs);
    std::string path = path_in_root(fd.get(), base::fd_path(root));
    return {path, true, S_ISDIR(st.st_mode)};
}

uint64_t copy_in(const std::string& rootfs, const ContainerCopyOptions& o) {
    base::UniqueFd root = base::open_fd(rootfs.c_str(), O_PATH | O_DIRECTORY);
    const std::string abs = archive::container_abs_path(o.container_path);
    const ContainerDest dst = container_destination(root.get(), abs);
    archive::ExtractOptions x;
    x.root_fd = root.get();
    x.resolve = base::kResolveInRoot;
    x.keep_owner = o.archive;  // else root:root, like docker
    if (o.host_path == "-") {
        if (!dst.is_dir)
            throw Error(Errc::InvalidArgument,
                        "destination \"" + o.container + ":" + o.container_path + "\" must be a directory");
        x.dir = dst.path;
        archive::DirSink sink(x);
        archive::read_tar(o.in_fd, sink);
        return 0;
    }
    // docker resolves the source's parent and keeps its last component (-L: follows it).
    const std::string& host = o.host_path;
    base::UniqueFd src(::open(host.c_str(), O_PATH | O_CLOEXEC | (o.follow_link ? 0 : O_NOFOLLOW)));
    if (!src) {
        // A host-side failure (docker's CLI reports it), whatever the errno.
        const Error e = sys_error("lstat " + base::clean_path(host));
        throw Error(Errc::InvalidArgument, e.message(), e.sys_errno());
    }
    struct stat st {};
    if (::fstat(src.get(), &st) != 0) throw sys_error("stat " + host);
    const CopyTarget t =
        archive::plan_copy(S_ISDIR(st.st_mode), source_name(host), dst.path, dst.exists, dst.is_dir);
    // The daemon's check of the extraction point.
    base::UniqueFd dir = base::open_resolved(root.get(), t.dir, O_PATH, base::kResolveInRoot);
    if (!dir) throw not_in_container(t.dir, o.container);
    if (::fstat(dir.get(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(Errc::FailedPrecondition, "extraction point is not a directory");
    x.dir = t.dir;
    archive::DirSink sink(x);
    return archive::walk_tree(src.get(), t.name, sink);
}

}  // namespace

ContainerCopyReport container_copy(const EngineConfig& config, const ContainerCopyOptions& opts) {
    container::Store store(config);
    const ContainerRecord rec = store.get(store.resolve(opts.container));
    if (opts.to_container && rec.host.readonly_rootfs)
        throw Error(Errc::FailedPrecondition, "container rootfs is marked read-only");
    // The caller makes it absolute: relative to what would be the working directory of
    // whatever process the engine runs in.
    if (opts.host_path != "-" && (opts.host_path.empty() || opts.host_path[0] != '/'))
        throw Error(Errc::InvalidArgument, "host path \"" + opts.host_path + "\" is not absolute");
    if (!opts.to_container && opts.host_path != "-") validate_output_path(opts.host_path);
    ContainerCopyReport report;
    container::with_rootfs(config, rec, [&](const std::string& rootfs) {
        report.bytes = opts.to_container ? copy_in(rootfs, opts) : copy_out(rootfs, opts);
    });
    return report;
}

}  // namespace tug::engine
