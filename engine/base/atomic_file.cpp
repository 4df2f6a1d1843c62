// Temp file beside the target, fsync, rename, fsync of the directory.
#include "engine/base/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::base {

namespace {

std::string dir_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

AtomicFile::AtomicFile(std::string target, unsigned mode)
    : target_(std::move(target)), temp_(dir_of(target_) + "/." + name_of(target_) + ".tmp-XXXXXX") {
    int raw = ::mkostemp(temp_.data(), O_CLOEXEC);
    if (raw < 0) throw sys_error("create temporary file for " + target_);
    fd_.reset(raw);
    // mkostemp makes 0600; fchmod, unlike a mode given to open, ignores the umask.
    if (::fchmod(fd_.get(), mode) != 0) {
        const Error e = sys_error("chmod " + temp_);
        ::unlink(temp_.c_str());
        done_ = true;
        throw e;
    }
}

AtomicFile::~AtomicFile() {
    if (!done_) ::unlink(temp_.c_str());
}

void AtomicFile::rename_into_place(bool durable) {
    if (durable && ::fsync(fd_.get()) != 0) throw sys_error("fsync " + temp_);
    fd_.reset();
    if (::rename(temp_.c_str(), target_.c_str()) != 0) throw sys_error("rename to " + target_);
    done_ = true;
}

void AtomicFile::commit() {
    rename_into_place(true);
    sync_dir(dir_of(target_));
}

}  // namespace tug::base
