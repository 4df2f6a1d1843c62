// The libarchive functions tug calls, through a table resolved from libarchive.so.13 on
// first use: only save, export, import, cp and zstd/xz layers need it.
#pragma once

#include <archive.h>
#include <archive_entry.h>

namespace tug::engine::lazy {

// Member m is archive_m (set_error is printf-like: pass "%s" and the text).
struct ArchiveApi {
    decltype(&::archive_read_new) read_new;
    decltype(&::archive_read_free) read_free;
    decltype(&::archive_read_support_filter_all) read_support_filter_all;
    decltype(&::archive_read_support_format_raw) read_support_format_raw;
    decltype(&::archive_read_support_format_tar) read_support_format_tar;
    decltype(&::archive_read_open) read_open;
    decltype(&::archive_read_open_fd) read_open_fd;
    decltype(&::archive_read_open_filename) read_open_filename;
    decltype(&::archive_read_next_header) read_next_header;
    decltype(&::archive_read_next_header2) read_next_header2;
    decltype(&::archive_read_data) read_data;
    decltype(&::archive_read_data_block) read_data_block;
    decltype(&::archive_read_disk_new) read_disk_new;
    decltype(&::archive_read_disk_open) read_disk_open;
    decltype(&::archive_read_disk_descend) read_disk_descend;
    decltype(&::archive_read_disk_set_behavior) read_disk_set_behavior;
    decltype(&::archive_read_disk_set_standard_lookup) read_disk_set_standard_lookup;
    decltype(&::archive_read_disk_set_symlink_physical) read_disk_set_symlink_physical;
    decltype(&::archive_write_new) write_new;
    decltype(&::archive_write_free) write_free;
    decltype(&::archive_write_close) write_close;
    decltype(&::archive_write_open_fd) write_open_fd;
    decltype(&::archive_write_header) write_header;
    decltype(&::archive_write_data) write_data;
    decltype(&::archive_write_set_bytes_in_last_block) write_set_bytes_in_last_block;
    decltype(&::archive_write_set_format_pax_restricted) write_set_format_pax_restricted;
    decltype(&::archive_error_string) error_string;
    decltype(&::archive_set_error) set_error;
    decltype(&::archive_entry_new) entry_new;
    decltype(&::archive_entry_free) entry_free;
    decltype(&::archive_entry_pathname) entry_pathname;
    decltype(&::archive_entry_copy_pathname) entry_copy_pathname;
    decltype(&::archive_entry_set_pathname) entry_set_pathname;
    decltype(&::archive_entry_copy_stat) entry_copy_stat;
    decltype(&::archive_entry_filetype) entry_filetype;
    decltype(&::archive_entry_perm) entry_perm;
    decltype(&::archive_entry_uid) entry_uid;
    decltype(&::archive_entry_gid) entry_gid;
    decltype(&::archive_entry_size) entry_size;
    decltype(&::archive_entry_set_size) entry_set_size;
    decltype(&::archive_entry_hardlink) entry_hardlink;
    decltype(&::archive_entry_symlink) entry_symlink;
    decltype(&::archive_entry_set_symlink) entry_set_symlink;
    decltype(&::archive_entry_mtime) entry_mtime;
    decltype(&::archive_entry_mtime_nsec) entry_mtime_nsec;
    decltype(&::archive_entry_mtime_is_set) entry_mtime_is_set;
    decltype(&::archive_entry_rdevmajor) entry_rdevmajor;
    decltype(&::archive_entry_rdevminor) entry_rdevminor;
    decltype(&::archive_entry_linkresolver_new) entry_linkresolver_new;
    decltype(&::archive_entry_linkresolver_free) entry_linkresolver_free;
    decltype(&::archive_entry_linkresolver_set_strategy) entry_linkresolver_set_strategy;
    decltype(&::archive_entry_linkify) entry_linkify;
};

// The table, resolved on the first call (thread-safe: callers wait for the one resolving).
// Throws tug::Error (Unavailable) naming the library or symbol that is missing; a later
// call tries again.
const ArchiveApi& archive();

}  // namespace tug::engine::lazy
