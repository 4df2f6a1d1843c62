// Host network links and routes through libnl: the bridge devices tug creates for its
// networks, and the IPv4 routes used to find a free subnet.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tug::cni {

bool link_exists(const std::string& name);

// Creates bridge `name` (if missing) with address `cidr` ("10.4.1.1/24") and brings it
// up. Idempotent: an existing bridge or address is kept.
void ensure_bridge(const std::string& name, const std::string& cidr);

// Deletes a link; a missing one is not an error.
void delete_link(const std::string& name);

struct Ipv4Net {
    uint32_t addr = 0;  // host byte order
    int prefix = 0;
    bool overlaps(const Ipv4Net& o) const;
};

// "10.4.1.0/24" -> net (host order). InvalidArgument if malformed.
Ipv4Net parse_ipv4_cidr(const std::string& cidr);
std::string format_ipv4(uint32_t addr);

// The host's IPv4 routes (main table, /proc/net/route), default route excluded.
std::vector<Ipv4Net> host_ipv4_routes();

}  // namespace tug::cni
