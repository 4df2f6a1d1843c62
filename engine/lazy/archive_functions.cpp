// The libarchive functions tug calls, resolved on first use.
#include <archive.h>
#include <archive_entry.h>

#include <cstdarg>
#include <cstdio>

#include "engine/base/lazy_library.hpp"

#define TUG_LAZY_ARCHIVE(ret, name, params, args) TUG_LAZY_FUNCTION(libarchive, ret, name, params, args)
using Archive = struct archive;
using Entry = struct archive_entry;
using Resolver = struct archive_entry_linkresolver;

// Reading and writing archives.
TUG_LAZY_ARCHIVE(Archive*, archive_read_new, (void), ())
TUG_LAZY_ARCHIVE(int, archive_read_free, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_read_support_filter_all, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_read_support_format_raw, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_read_support_format_tar, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_read_open,
                 (Archive * a, void* data, archive_open_callback* open, archive_read_callback* read,
                  archive_close_callback* close),
                 (a, data, open, read, close))
TUG_LAZY_ARCHIVE(int, archive_read_open_fd, (Archive * a, int fd, size_t block), (a, fd, block))
TUG_LAZY_ARCHIVE(int, archive_read_open_filename, (Archive * a, const char* file, size_t block),
                 (a, file, block))
TUG_LAZY_ARCHIVE(int, archive_read_next_header, (Archive * a, Entry** e), (a, e))
TUG_LAZY_ARCHIVE(int, archive_read_next_header2, (Archive * a, Entry* e), (a, e))
TUG_LAZY_ARCHIVE(la_ssize_t, archive_read_data, (Archive * a, void* buf, size_t size), (a, buf, size))
TUG_LAZY_ARCHIVE(int, archive_read_data_block,
                 (Archive * a, const void** buf, size_t* size, la_int64_t* offset),
                 (a, buf, size, offset))
TUG_LAZY_ARCHIVE(Archive*, archive_read_disk_new, (void), ())
TUG_LAZY_ARCHIVE(int, archive_read_disk_open, (Archive * a, const char* path), (a, path))
TUG_LAZY_ARCHIVE(int, archive_read_disk_descend, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_read_disk_set_behavior, (Archive * a, int flags), (a, flags))
TUG_LAZY_ARCHIVE(int, archive_read_disk_set_standard_lookup, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_read_disk_set_symlink_physical, (Archive * a), (a))
TUG_LAZY_ARCHIVE(Archive*, archive_write_new, (void), ())
TUG_LAZY_ARCHIVE(int, archive_write_free, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_write_close, (Archive * a), (a))
TUG_LAZY_ARCHIVE(int, archive_write_open_fd, (Archive * a, int fd), (a, fd))
TUG_LAZY_ARCHIVE(int, archive_write_header, (Archive * a, Entry* e), (a, e))
TUG_LAZY_ARCHIVE(la_ssize_t, archive_write_data, (Archive * a, const void* buf, size_t size),
                 (a, buf, size))
TUG_LAZY_ARCHIVE(int, archive_write_set_bytes_in_last_block, (Archive * a, int bytes), (a, bytes))
TUG_LAZY_ARCHIVE(int, archive_write_set_format_pax_restricted, (Archive * a), (a))
TUG_LAZY_ARCHIVE(const char*, archive_error_string, (Archive * a), (a))

// Entries.
TUG_LAZY_ARCHIVE(Entry*, archive_entry_new, (void), ())
TUG_LAZY_ARCHIVE(void, archive_entry_free, (Entry * e), (e))
TUG_LAZY_ARCHIVE(const char*, archive_entry_pathname, (Entry * e), (e))
TUG_LAZY_ARCHIVE(void, archive_entry_copy_pathname, (Entry * e, const char* path), (e, path))
TUG_LAZY_ARCHIVE(void, archive_entry_set_pathname, (Entry * e, const char* path), (e, path))
TUG_LAZY_ARCHIVE(void, archive_entry_copy_stat, (Entry * e, const struct stat* st), (e, st))
TUG_LAZY_ARCHIVE(__LA_MODE_T, archive_entry_filetype, (Entry * e), (e))
TUG_LAZY_ARCHIVE(__LA_MODE_T, archive_entry_perm, (Entry * e), (e))
TUG_LAZY_ARCHIVE(la_int64_t, archive_entry_uid, (Entry * e), (e))
TUG_LAZY_ARCHIVE(la_int64_t, archive_entry_gid, (Entry * e), (e))
TUG_LAZY_ARCHIVE(la_int64_t, archive_entry_size, (Entry * e), (e))
TUG_LAZY_ARCHIVE(void, archive_entry_set_size, (Entry * e, la_int64_t size), (e, size))
TUG_LAZY_ARCHIVE(const char*, archive_entry_hardlink, (Entry * e), (e))
TUG_LAZY_ARCHIVE(const char*, archive_entry_symlink, (Entry * e), (e))
TUG_LAZY_ARCHIVE(void, archive_entry_set_symlink, (Entry * e, const char* target), (e, target))
TUG_LAZY_ARCHIVE(time_t, archive_entry_mtime, (Entry * e), (e))
TUG_LAZY_ARCHIVE(long, archive_entry_mtime_nsec, (Entry * e), (e))
TUG_LAZY_ARCHIVE(int, archive_entry_mtime_is_set, (Entry * e), (e))
TUG_LAZY_ARCHIVE(dev_t, archive_entry_rdevmajor, (Entry * e), (e))
TUG_LAZY_ARCHIVE(dev_t, archive_entry_rdevminor, (Entry * e), (e))

// Hard-link resolution while writing.
TUG_LAZY_ARCHIVE(Resolver*, archive_entry_linkresolver_new, (void), ())
TUG_LAZY_ARCHIVE(void, archive_entry_linkresolver_free, (Resolver * r), (r))
TUG_LAZY_ARCHIVE(void, archive_entry_linkresolver_set_strategy, (Resolver * r, int format),
                 (r, format))
TUG_LAZY_ARCHIVE(void, archive_entry_linkify, (Resolver * r, Entry** e, Entry** spare),
                 (r, e, spare))

// printf-style: formatted here, handed on as one "%s" argument.
extern "C" void archive_set_error(Archive* a, int err, const char* fmt, ...) {
    using Fn = void (*)(Archive*, int, const char*, ...);
    static const auto real = tug::lazy::resolve<Fn>(tug::lazy::libarchive(), "archive_set_error");
    char message[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    real(a, err, "%s", message);
}
