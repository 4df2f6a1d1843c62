// TempDir: a directory made with mkdtemp and removed with its contents on destruction,
// unless released (renamed into place, typically).
#pragma once

#include <string>

namespace tug::base {

class TempDir {
public:
    // Creates <parent>/<prefix>XXXXXX. The parent must exist.
    explicit TempDir(const std::string& parent, const std::string& prefix = ".tmp-");
    TempDir(TempDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
    TempDir& operator=(TempDir&&) = delete;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    const std::string& path() const noexcept { return path_; }
    // Keeps the directory; returns its path.
    std::string release() noexcept;

private:
    std::string path_;
};

}  // namespace tug::base
