// Files around a container's rootfs: the generated /etc/hostname, /etc/hosts and
// /etc/resolv.conf, and creating directories inside the rootfs without following
// symlinks out of it (openat2 RESOLVE_IN_ROOT).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tug::engine::container {

std::string host_hostname();

struct EtcFilesInput {
    std::string hostname;
    std::string network_mode;  // "host" copies the host's hosts file
    std::vector<std::string> dns, dns_search, dns_options, add_hosts;
    // Survive a crash of the machine (fsync). A `--rm` container's files need not: the
    // container is gone after its one run.
    bool durable = true;
};

// Writes hostname, hosts and resolv.conf into dir at create. resolv.conf is derived from
// the host's like docker does (loopback nameservers dropped unless host network); for
// bridge and user networks, network::attach rewrites hosts and resolv.conf at each start.
void write_etc_files(const std::string& dir, const EtcFilesInput& in);

// mkdir -p inside the rootfs, as if rootfs were /.
void make_dirs_in_root(const std::string& rootfs, const std::string& path);

// docker's size units: "1024", "10k", "10m", "1g" (also "kb", "mb", "b"). InvalidArgument.
uint64_t parse_size(const std::string& s);

}  // namespace tug::engine::container
