// Crash-safe file writes and small file-system helpers.
#include "engine/base/fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::base {

void sync_dir(const std::string& path) {
    UniqueFd fd = open_fd(path.c_str(), O_RDONLY | O_DIRECTORY);
    if (::fsync(fd.get()) != 0) throw sys_error("fsync " + path);
}

namespace {

// Temp file, fsync unless !durable, rename over path; the directory is left to the
// caller to sync.
void replace_file(const std::string& path, std::string_view data, unsigned mode,
                  bool durable = true) {
    AtomicFile f(path, mode);
    write_all(f.fd(), data.data(), data.size());
    f.rename_into_place(durable);
}

}  // namespace

void atomic_write_file(const std::string& path, std::string_view data, unsigned mode) {
    AtomicFile f(path, mode);
    write_all(f.fd(), data.data(), data.size());
    f.commit();
}

void write_state_file(const std::string& path, std::string_view data, unsigned mode) {
    replace_file(path, data, mode, false);
}

void atomic_write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                        unsigned mode) {
    for (const auto& [name, data] : files)
        replace_file(dir + "/" + name, data, mode);
    sync_dir(dir);
}

std::optional<std::string> read_file_if_exists(const std::string& path) {
    int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw < 0) {
        if (errno == ENOENT) return std::nullopt;
        throw sys_error("open " + path);
    }
    UniqueFd fd(raw);
    return read_all(fd.get());
}

std::string read_file(const std::string& path) {
    auto s = read_file_if_exists(path);
    if (!s) throw Error(Errc::NotFound, "open " + path + ": no such file or directory", ENOENT);
    return *s;
}

void make_dirs(const std::string& path, unsigned mode) {
    std::string p = path;
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    // mkdir's mode is masked by the umask, the calling process's and no concern of the
    // engine's: each directory made here gets its mode by chmod. Those above the last
    // get 0755, what the usual umask of 022 gave them.
    for (size_t pos = 0;;) {
        pos = p.find('/', pos + 1);
        const bool last = pos == std::string::npos;
        const std::string dir = last ? p : p.substr(0, pos);
        if (!dir.empty() && dir.back() != '/') {
            const unsigned want = last ? mode : 0755;
            if (::mkdir(dir.c_str(), want) == 0) {
                if (::chmod(dir.c_str(), want) != 0) throw sys_error("create directory " + path);
            } else if (errno != EEXIST) {
                throw sys_error("create directory " + path);
            }
        }
        if (last) break;
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) throw sys_error("create directory " + path);
    if (!S_ISDIR(st.st_mode)) throw sys_error("create directory " + path, ENOTDIR);
}

}  // namespace tug::base
