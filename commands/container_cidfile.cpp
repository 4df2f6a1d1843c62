// CidFile: claim, write, or give back the --cidfile.
#include "commands/container_cidfile.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::commands {

CidFile::CidFile(std::string path) : path_(std::move(path)) {
    if (path_.empty()) return;
    // O_EXCL: two runs given the same file must not both think they own it.
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST)
        throw Error(Errc::InvalidArgument, "container ID file found, make sure the other container isn't running "
                                           "or delete " + path_);
    if (fd < 0) throw sys_error("failed to create the container ID file");
    ::close(fd);
}

CidFile::~CidFile() {
    if (!path_.empty() && !written_) ::unlink(path_.c_str());
}

void CidFile::write(const std::string& id) {
    if (path_.empty()) return;
    // docker writes the bare id, no newline.
    base::atomic_write_file(path_, id);
    written_ = true;
}

}  // namespace tug::commands
