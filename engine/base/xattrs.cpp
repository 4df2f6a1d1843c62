// llistxattr / lgetxattr / lsetxattr from one path to another.
#include "engine/base/xattrs.hpp"

#include <sys/xattr.h>

#include <cerrno>

#include "engine/base/error.hpp"

namespace tug::base {

void copy_xattrs(const std::string& src, const std::string& dst) {
    ssize_t n = ::llistxattr(src.c_str(), nullptr, 0);
    if (n <= 0) return;
    std::string names(static_cast<size_t>(n), '\0');
    n = ::llistxattr(src.c_str(), names.data(), names.size());
    if (n <= 0) return;
    names.resize(static_cast<size_t>(n));
    for (size_t pos = 0; pos < names.size();) {
        const std::string name = names.c_str() + pos;
        pos += name.size() + 1;
        ssize_t vn = ::lgetxattr(src.c_str(), name.c_str(), nullptr, 0);
        if (vn < 0) continue;
        std::string value(static_cast<size_t>(vn), '\0');
        vn = ::lgetxattr(src.c_str(), name.c_str(), value.data(), value.size());
        if (vn < 0) continue;
        if (::lsetxattr(dst.c_str(), name.c_str(), value.data(), static_cast<size_t>(vn), 0) != 0 &&
            errno != ENOTSUP && errno != EPERM)
            throw sys_error("set xattr " + name + " on " + dst);
    }
}

}  // namespace tug::base
