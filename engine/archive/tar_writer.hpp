// TarWriter: a streaming ustar writer for archives made of regular files, copying file
// content with sendfile(2) so stored blobs go out as they are, without a user-space copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tug::engine::archive {

class TarWriter {
public:
    explicit TarWriter(int out_fd) : fd_(out_fd) {}

    // A regular file entry with in-memory content.
    void add_bytes(const std::string& name, std::string_view data, unsigned mode = 0644);
    // A regular file entry whose content is the whole of the file at path.
    void add_file(const std::string& name, const std::string& path, unsigned mode = 0644);
    // A directory entry ("blobs/").
    void add_dir(const std::string& name, unsigned mode = 0755);
    // The two zero blocks that end the archive.
    void finish();

    uint64_t bytes_written() const noexcept { return written_; }

private:
    void header(const std::string& name, char type, uint64_t size, unsigned mode);
    void put(const void* data, size_t len);
    void pad(uint64_t size);

    int fd_;
    uint64_t written_ = 0;
    int64_t mtime_ = 0;
};

}  // namespace tug::engine::archive
