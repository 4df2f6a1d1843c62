// Temporary directories removed on scope exit.
#include "engine/base/temp_dir.hpp"

#include <stdlib.h>

#include <filesystem>
#include <vector>

#include "engine/base/error.hpp"

namespace tug::base {

TempDir::TempDir(const std::string& parent, const std::string& prefix) {
    std::string tmpl = parent + "/" + prefix + "XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw sys_error("create temporary directory in " + parent);
    path_ = buf.data();
}

TempDir::~TempDir() {
    if (!path_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
}

std::string TempDir::release() noexcept {
    std::string p = std::move(path_);
    path_.clear();
    return p;
}

}  // namespace tug::base
