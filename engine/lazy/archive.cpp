// The ArchiveApi resolved by name from their libraries.
#include "engine/lazy/archive.hpp"

#include "engine/base/lazy_library.hpp"

namespace tug::engine::lazy {

const ArchiveApi& archive() {
    static const ArchiveApi api = [] {
        auto& lib = tug::lazy::libarchive();
        ArchiveApi t{};
// Each member is the function archive_<member>, looked up by that name.
#define TUG_RESOLVE(member) \
    t.member = tug::lazy::resolve<decltype(&::archive_##member)>(lib, "archive_" #member)
        TUG_RESOLVE(read_new);
        TUG_RESOLVE(read_free);
        TUG_RESOLVE(read_support_filter_all);
        TUG_RESOLVE(read_support_format_raw);
        TUG_RESOLVE(read_support_format_tar);
        TUG_RESOLVE(read_open);
        TUG_RESOLVE(read_open_fd);
        TUG_RESOLVE(read_open_filename);
        TUG_RESOLVE(read_next_header);
        TUG_RESOLVE(read_next_header2);
        TUG_RESOLVE(read_data);
        TUG_RESOLVE(read_data_block);
        TUG_RESOLVE(read_disk_new);
        TUG_RESOLVE(read_disk_open);
        TUG_RESOLVE(read_disk_descend);
        TUG_RESOLVE(read_disk_set_behavior);
        TUG_RESOLVE(read_disk_set_standard_lookup);
        TUG_RESOLVE(read_disk_set_symlink_physical);
        TUG_RESOLVE(write_new);
        TUG_RESOLVE(write_free);
        TUG_RESOLVE(write_close);
        TUG_RESOLVE(write_open_fd);
        TUG_RESOLVE(write_header);
        TUG_RESOLVE(write_data);
        TUG_RESOLVE(write_set_bytes_in_last_block);
        TUG_RESOLVE(write_set_format_pax_restricted);
        TUG_RESOLVE(error_string);
        TUG_RESOLVE(set_error);
        TUG_RESOLVE(entry_new);
        TUG_RESOLVE(entry_free);
        TUG_RESOLVE(entry_pathname);
        TUG_RESOLVE(entry_copy_pathname);
        TUG_RESOLVE(entry_set_pathname);
        TUG_RESOLVE(entry_copy_stat);
        TUG_RESOLVE(entry_filetype);
        TUG_RESOLVE(entry_perm);
        TUG_RESOLVE(entry_uid);
        TUG_RESOLVE(entry_gid);
        TUG_RESOLVE(entry_size);
        TUG_RESOLVE(entry_set_size);
        TUG_RESOLVE(entry_hardlink);
        TUG_RESOLVE(entry_symlink);
        TUG_RESOLVE(entry_set_symlink);
        TUG_RESOLVE(entry_mtime);
        TUG_RESOLVE(entry_mtime_nsec);
        TUG_RESOLVE(entry_mtime_is_set);
        TUG_RESOLVE(entry_rdevmajor);
        TUG_RESOLVE(entry_rdevminor);
        TUG_RESOLVE(entry_linkresolver_new);
        TUG_RESOLVE(entry_linkresolver_free);
        TUG_RESOLVE(entry_linkresolver_set_strategy);
        TUG_RESOLVE(entry_linkify);
#undef TUG_RESOLVE
        return t;
    }();
    return api;
}

}  // namespace tug::engine::lazy
