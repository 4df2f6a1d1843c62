// Generated /etc files, and creating directories inside a rootfs.
#include "engine/container/etc_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <sstream>

#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/openat2.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::engine::container {

std::string host_hostname() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

void write_etc_files(const std::string& dir, const EtcFilesInput& in) {
    const bool host = in.network_mode == "host";
    std::string hosts;
    if (host) {
        hosts = base::read_file_if_exists("/etc/hosts").value_or("127.0.0.1\tlocalhost\n");
        network::HostsInput extra;
        extra.add_hosts = in.add_hosts;
        const std::string rendered = network::render_hosts(extra);
        // render_hosts starts with the standard localhost block; keep only the additions.
        const std::string base_block = network::render_hosts({});
        if (!hosts.empty() && hosts.back() != '\n') hosts += '\n';
        hosts += rendered.substr(base_block.size());
    } else {
        network::HostsInput h;
        h.hostname = in.hostname;
        h.add_hosts = in.add_hosts;
        hosts = network::render_hosts(h);
    }

    auto resolv = network::host_resolv_input();
    resolv.host_network = host;
    resolv.dns = in.dns;
    resolv.dns_search = in.dns_search;
    resolv.dns_options = in.dns_options;
    const std::vector<std::pair<std::string, std::string>> files{
        {"hostname", in.hostname + "\n"}, {"hosts", hosts}, {"resolv.conf", network::render_resolv_conf(resolv)}};
    if (in.durable) {
        base::atomic_write_files(dir, files);
        return;
    }
    for (const auto& [name, data] : files) base::write_state_file(dir + "/" + name, data);
}

void make_dirs_in_root(const std::string& rootfs, const std::string& path) {
    auto root = base::open_fd(rootfs.c_str(), O_PATH | O_DIRECTORY);
    std::string cur;
    std::istringstream in(path);
    std::string comp;
    while (std::getline(in, comp, '/')) {
        if (comp.empty() || comp == ".") continue;
        cur += "/" + comp;
        base::UniqueFd d =
            base::open_resolved(root.get(), cur, O_PATH | O_DIRECTORY, base::kResolveInRoot);
        if (d) continue;
        if (errno != ENOENT) throw sys_error("working directory " + path);
        auto slash = cur.rfind('/');
        std::string parent = slash == 0 ? "/" : cur.substr(0, slash);
        base::UniqueFd p =
            base::open_resolved(root.get(), parent, O_PATH | O_DIRECTORY, base::kResolveInRoot);
        if (!p) throw sys_error("working directory " + path);
        // 0755 as docker makes it, by chmod: mkdir's mode is masked by the umask.
        const bool made = ::mkdirat(p.get(), comp.c_str(), 0755) == 0;
        if (!made && errno != EEXIST) throw sys_error("create working directory " + path);
        if (made && ::fchmodat(p.get(), comp.c_str(), 0755, 0) != 0)
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
