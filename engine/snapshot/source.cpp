// FdSource: a layer read from a file descriptor.
#include "engine/snapshot/source.hpp"

#include <unistd.h>

#include <cerrno>

#include "engine/base/error.hpp"

namespace tug::engine::snapshot {

std::string_view FdSource::next() {
    for (;;) {
        ssize_t n = ::read(fd_, buf_.data(), buf_.size());
        if (n >= 0) return {buf_.data(), static_cast<size_t>(n)};
        if (errno != EINTR) throw sys_error("read layer");
    }
}

}  // namespace tug::engine::snapshot
