// container_export: the container's merged root file system as a tar, read from its
// mounted rootfs, or from a private mount of its layers when it is not running.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <vector>

#include "engine/api/archive.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/store.hpp"
#include "engine/lazy/archive.hpp"

namespace tug::engine {

namespace {

struct WriteFree {
    void operator()(struct archive* a) const { lazy::archive().write_free(a); }
};
struct DiskFree {
    void operator()(struct archive* a) const { lazy::archive().read_free(a); }
};

// Writes the tree at root (names relative to it) to fd as a PAX tar.
void write_tree(const std::string& root, int fd) {
    std::unique_ptr<struct archive, WriteFree> w(lazy::archive().write_new());
    lazy::archive().write_set_format_pax_restricted(w.get());
    lazy::archive().write_set_bytes_in_last_block(w.get(), 1);
    if (lazy::archive().write_open_fd(w.get(), fd) != ARCHIVE_OK)
        throw Error(Errc::Internal,
                    std::string("export: ") + lazy::archive().error_string(w.get()));
    std::unique_ptr<struct archive, DiskFree> disk(lazy::archive().read_disk_new());
    lazy::archive().read_disk_set_behavior(disk.get(), ARCHIVE_READDISK_NO_TRAVERSE_MOUNTS);
    lazy::archive().read_disk_set_symlink_physical(disk.get());
    lazy::archive().read_disk_set_standard_lookup(disk.get());
    if (lazy::archive().read_disk_open(disk.get(), root.c_str()) != ARCHIVE_OK)
        throw Error(Errc::Internal,
                    std::string("export: ") + lazy::archive().error_string(disk.get()));
    struct archive_entry_linkresolver* links = lazy::archive().entry_linkresolver_new();
    lazy::archive().entry_linkresolver_set_strategy(links, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED);
    std::vector<char> buf(1 << 20);
    for (;;) {
        struct archive_entry* e = lazy::archive().entry_new();
        int r = lazy::archive().read_next_header2(disk.get(), e);
        if (r == ARCHIVE_EOF) {
            lazy::archive().entry_free(e);
            break;
        }
        if (r < ARCHIVE_WARN) {
            lazy::archive().entry_free(e);
            lazy::archive().entry_linkresolver_free(links);
            throw Error(Errc::Internal,
                        std::string("export: ") + lazy::archive().error_string(disk.get()));
        }
        lazy::archive().read_disk_descend(disk.get());
        std::string path = lazy::archive().entry_pathname(e);
        std::string rel = path.size() > root.size() ? path.substr(root.size() + 1) : "";
        if (rel.empty()) {
            lazy::archive().entry_free(e);
            continue;
        }
        lazy::archive().entry_copy_pathname(e, rel.c_str());
        const std::string source = path;
        struct archive_entry* spare = nullptr;
        lazy::archive().entry_linkify(links, &e, &spare);
        for (struct archive_entry* cur : {e, spare}) {
            if (!cur) continue;
            if (lazy::archive().write_header(w.get(), cur) < ARCHIVE_WARN)
                throw Error(Errc::Internal,
                            "export " + rel + ": " + lazy::archive().error_string(w.get()));
            if (lazy::archive().entry_filetype(cur) == AE_IFREG &&
                lazy::archive().entry_size(cur) > 0) {
                base::UniqueFd in = base::open_fd(
                    (root + "/" + lazy::archive().entry_pathname(cur)).c_str(), O_RDONLY);
                for (ssize_t n; (n = ::read(in.get(), buf.data(), buf.size())) != 0;) {
                    if (n < 0) throw sys_error("read " + rel);
                    if (lazy::archive().write_data(w.get(), buf.data(), static_cast<size_t>(n)) < 0)
                        throw Error(Errc::Internal,
                                    "export " + rel + ": " + lazy::archive().error_string(w.get()));
                }
            }
            lazy::archive().entry_free(cur);
        }
    }
    lazy::archive().entry_linkresolver_free(links);
    if (lazy::archive().write_close(w.get()) != ARCHIVE_OK)
        throw Error(Errc::Internal,
                    std::string("export: ") + lazy::archive().error_string(w.get()));
}

}  // namespace

void container_export(const EngineConfig& cfg, const ContainerExportOptions& opts) {
    with_context("export " + opts.container, [&] {
        container::Store store(cfg);
        const std::string id = store.resolve(opts.container);
        const ContainerRecord rec = store.get(id);
        const container::Paths paths = container::paths_for(cfg, id);
        if (base::is_mount_point(paths.rootfs)) {
            write_tree(paths.rootfs, opts.out_fd);
            return;
        }
        // Not running: mount its layers and upper dir privately, read-only.
        base::make_dirs(cfg.state_dir + "/tmp", 0700);
        base::TempDir dir(cfg.state_dir + "/tmp", ".export-");
        std::vector<base::MountGuard> guards;
        for (const auto& m : container::rootfs_mounts(cfg, rec.rootfs, paths.upper, paths.work))
            guards.emplace_back(m, dir.path());
        write_tree(dir.path(), opts.out_fd);
        while (!guards.empty()) guards.pop_back();
    });
}

}  // namespace tug::engine
