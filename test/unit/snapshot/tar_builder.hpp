// Builds small tar layers in memory with libarchive for the snapshot tests.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/snapshot/source.hpp"

namespace tug::test {

class TarBuilder {
public:
    enum class Compression { None, Gzip, Zstd };

    TarBuilder& dir(const std::string& name, unsigned mode = 0755) {
        entries_.push_back({name, AE_IFDIR, mode, "", "", ""});
        return *this;
    }
    TarBuilder& file(const std::string& name, const std::string& data, unsigned mode = 0644) {
        entries_.push_back({name, AE_IFREG, mode, data, "", ""});
        return *this;
    }
    TarBuilder& symlink(const std::string& name, const std::string& target) {
        entries_.push_back({name, AE_IFLNK, 0777, "", target, ""});
        return *this;
    }
    TarBuilder& hardlink(const std::string& name, const std::string& target) {
        entries_.push_back({name, AE_IFREG, 0644, "", "", target});
        return *this;
    }
    TarBuilder& fifo(const std::string& name) {
        entries_.push_back({name, AE_IFIFO, 0644, "", "", ""});
        return *this;
    }
    TarBuilder& chardev(const std::string& name, unsigned major, unsigned minor) {
        entries_.push_back({name, AE_IFCHR, 0666, "", "", ""});
        entries_.back().rdev = makedev(major, minor);
        return *this;
    }
    TarBuilder& owner(int64_t uid, int64_t gid) {
        entries_.back().uid = uid;
        entries_.back().gid = gid;
        return *this;
    }
    TarBuilder& xattr(const std::string& key, const std::string& value) {
        entries_.back().xattrs.emplace_back(key, value);
        return *this;
    }
    TarBuilder& mtime(time_t t) {
        entries_.back().mtime = t;
        return *this;
    }

    std::string build(Compression c = Compression::None) const {
        archive* a = archive_write_new();
        archive_write_set_format_pax_restricted(a);
        if (c == Compression::Gzip) archive_write_add_filter_gzip(a);
        if (c == Compression::Zstd && archive_write_add_filter_zstd(a) != ARCHIVE_OK)
            throw std::runtime_error("no zstd support in libarchive");
        archive_write_set_bytes_in_last_block(a, 1);
        std::vector<char> buf(1 << 22);
        size_t used = 0;
        if (archive_write_open_memory(a, buf.data(), buf.size(), &used) != ARCHIVE_OK)
            throw std::runtime_error(archive_error_string(a));
        for (const auto& e : entries_) {
            archive_entry* ae = archive_entry_new();
            archive_entry_set_pathname(ae, e.name.c_str());
            if (!e.hardlink.empty()) {
                archive_entry_set_hardlink(ae, e.hardlink.c_str());
                archive_entry_set_size(ae, 0);
            } else {
                archive_entry_set_filetype(ae, e.type);
                archive_entry_set_perm(ae, e.mode);
                archive_entry_set_size(ae, e.type == AE_IFREG ? static_cast<la_int64_t>(e.data.size()) : 0);
                if (e.type == AE_IFLNK) archive_entry_set_symlink(ae, e.symlink.c_str());
            }
            archive_entry_set_mtime(ae, e.mtime, 0);
            archive_entry_set_uid(ae, e.uid);
            archive_entry_set_gid(ae, e.gid);
            if (e.rdev) archive_entry_set_rdev(ae, e.rdev);
            for (const auto& [k, v] : e.xattrs) archive_entry_xattr_add_entry(ae, k.c_str(), v.data(), v.size());
            if (archive_write_header(a, ae) != ARCHIVE_OK) throw std::runtime_error(archive_error_string(a));
            if (e.type == AE_IFREG && e.hardlink.empty() && !e.data.empty())
                archive_write_data(a, e.data.data(), e.data.size());
            archive_entry_free(ae);
        }
        archive_write_close(a);
        archive_write_free(a);
        return std::string(buf.data(), used);
    }

private:
    struct Entry {
        std::string name;
        unsigned type;
        unsigned mode;
        std::string data, symlink, hardlink;
        time_t mtime = 1700000000;
        int64_t uid = 0, gid = 0;
        dev_t rdev = 0;
        std::vector<std::pair<std::string, std::string>> xattrs;
    };
    std::vector<Entry> entries_;
};

// A source over a string, delivered in small chunks to exercise the stream handling.
class StringSource : public engine::snapshot::StreamSource {
public:
    explicit StringSource(std::string data, size_t chunk = 777) : data_(std::move(data)), chunk_(chunk) {}
    std::string_view next() override {
        std::string_view v = std::string_view(data_).substr(pos_, chunk_);
        pos_ += v.size();
        return v;
    }

private:
    std::string data_;
    size_t chunk_;
    size_t pos_ = 0;
};

}  // namespace tug::test
