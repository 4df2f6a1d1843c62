// Generated /etc files and RESOLVE_IN_ROOT file access inside a rootfs.
#include "engine/container/etc_files.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::engine::container {

std::string host_hostname() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

void write_etc_files(const std::string& dir, const std::string& hostname, const std::string& network) {
    base::atomic_write_file(dir + "/hostname", hostname + "\n");
    std::string hosts;
    if (network == "host") {
        hosts = base::read_file_if_exists("/etc/hosts").value_or("127.0.0.1\tlocalhost\n");
    } else {
        hosts =
            "127.0.0.1\tlocalhost\n"
            "::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::0\tip6-localnet\n"
            "ff00::0\tip6-mcastprefix\n"
            "ff02::1\tip6-allnodes\n"
            "ff02::2\tip6-allrouters\n";
    }
    base::atomic_write_file(dir + "/hosts", hosts);

    std::string resolv = base::read_file_if_exists("/etc/resolv.conf").value_or("");
    if (network != "host") {
        std::istringstream in(resolv);
        std::string line, out;
        bool any_ns = false;
        while (std::getline(in, line)) {
            std::istringstream words(line);
            std::string key, value;
            words >> key >> value;
            if (key == "nameserver") {
                if (value.rfind("127.", 0) == 0 || value == "::1") continue;
                any_ns = true;
            }
            out += line + "\n";
        }
        if (!any_ns) out += "\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n";
        resolv = out;
    }
    base::atomic_write_file(dir + "/resolv.conf", resolv);
}

namespace {

int open_in_root(int root, const std::string& path, int flags, unsigned mode = 0) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.mode = mode;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    for (;;) {
        long fd = ::syscall(SYS_openat2, root, path.c_str(), &how, sizeof how);
        if (fd < 0 && errno == EAGAIN) continue;
        return static_cast<int>(fd);
    }
}

}  // namespace

std::optional<std::string> read_file_in_root(const std::string& rootfs, const std::string& path) {
    auto root = base::open_fd(rootfs.c_str(), O_PATH | O_DIRECTORY);
    base::UniqueFd fd(open_in_root(root.get(), path, O_RDONLY));
    if (!fd) {
        if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
        throw sys_error("open " + path + " in container rootfs");
    }
    return base::read_all(fd.get());
}

void make_dirs_in_root(const std::string& rootfs, const std::string& path) {
    auto root = base::open_fd(rootfs.c_str(), O_PATH | O_DIRECTORY);
    std::string cur;
    std::istringstream in(path);
    std::string comp;
    while (std::getline(in, comp, '/')) {
        if (comp.empty() || comp == ".") continue;
        cur += "/" + comp;
        base::UniqueFd d(open_in_root(root.get(), cur, O_PATH | O_DIRECTORY));
        if (d) continue;
        if (errno != ENOENT) throw sys_error("working directory " + path);
        auto slash = cur.rfind('/');
        std::string parent = slash == 0 ? "/" : cur.substr(0, slash);
        base::UniqueFd p(open_in_root(root.get(), parent, O_PATH | O_DIRECTORY));
        if (!p) throw sys_error("working directory " + path);
        if (::mkdirat(p.get(), comp.c_str(), 0755) != 0 && errno != EEXIST)
            throw sys_error("create working directory " + path);
    }
}

uint64_t parse_size(const std::string& s) {
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == 0) throw Error(Errc::InvalidArgument, "invalid size: '" + s + "'");
    double v = std::stod(s.substr(0, i));
    std::string unit;
    for (size_t k = i; k < s.size(); ++k) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(s[k])));
    double mult = 1;
    if (unit.empty() || unit == "b") mult = 1;
    else if (unit == "k" || unit == "kb" || unit == "kib") mult = 1024;
    else if (unit == "m" || unit == "mb" || unit == "mib") mult = 1024.0 * 1024;
    else if (unit == "g" || unit == "gb" || unit == "gib") mult = 1024.0 * 1024 * 1024;
    else throw Error(Errc::InvalidArgument, "invalid size: '" + s + "'");
    return static_cast<uint64_t>(v * mult);
}

}  // namespace tug::engine::container
