// Host links via libnl (bridge create/delete) and the IPv4 route table.
#include "cni/link.hpp"

#include <arpa/inet.h>
#include <net/if.h>

#include <fstream>
#include <sstream>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>

#include "cni/libnl.hpp"
#include "engine/base/error.hpp"

namespace tug::cni {

namespace {

class NlSocket {
public:
    NlSocket() : sk_(nl().nl_socket_alloc()) {
        if (!sk_) throw Error(Errc::Internal, "netlink: out of memory");
        int err = nl().nl_connect(sk_, NETLINK_ROUTE);
        if (err < 0) {
            nl().nl_socket_free(sk_);
            throw Error(Errc::Internal, std::string("netlink connect: ") + nl().nl_geterror(err));
        }
    }
    ~NlSocket() { nl().nl_socket_free(sk_); }
    NlSocket(const NlSocket&) = delete;
    NlSocket& operator=(const NlSocket&) = delete;
    nl_sock* get() const { return sk_; }

private:
    nl_sock* sk_;
};

Error nl_error(const std::string& what, int err) {
    return Error(Errc::Internal, what + ": " + nl().nl_geterror(err));
}

}  // namespace

bool link_exists(const std::string& name) { return ::if_nametoindex(name.c_str()) != 0; }

void ensure_bridge(const std::string& name, const std::string& cidr) {
    NlSocket sk;
    if (!link_exists(name)) {
        rtnl_link* br = nl_route().rtnl_link_bridge_alloc();
        nl_route().rtnl_link_set_name(br, name.c_str());
        int err = nl_route().rtnl_link_add(sk.get(), br, NLM_F_CREATE);
        nl_route().rtnl_link_put(br);
        if (err < 0 && err != -NLE_EXIST) throw nl_error("create bridge " + name, err);
    }
    rtnl_link* link = nullptr;
    int err = nl_route().rtnl_link_get_kernel(sk.get(), 0, name.c_str(), &link);
    if (err < 0) throw nl_error("bridge " + name, err);
    const int index = nl_route().rtnl_link_get_ifindex(link);
    if (!cidr.empty()) {
        nl_addr* local = nullptr;
        err = nl().nl_addr_parse(cidr.c_str(), AF_INET, &local);
        if (err < 0) {
            nl_route().rtnl_link_put(link);
            throw nl_error("address " + cidr, err);
        }
        rtnl_addr* addr = nl_route().rtnl_addr_alloc();
        nl_route().rtnl_addr_set_ifindex(addr, index);
        nl_route().rtnl_addr_set_local(addr, local);
        err = nl_route().rtnl_addr_add(sk.get(), addr, 0);
        nl_route().rtnl_addr_put(addr);
        nl().nl_addr_put(local);
        if (err < 0 && err != -NLE_EXIST) {
            nl_route().rtnl_link_put(link);
            throw nl_error("add " + cidr + " to bridge " + name, err);
        }
    }
    rtnl_link* change = nl_route().rtnl_link_alloc();
    nl_route().rtnl_link_set_flags(change, IFF_UP);
    err = nl_route().rtnl_link_change(sk.get(), link, change, 0);
    nl_route().rtnl_link_put(change);
    nl_route().rtnl_link_put(link);
    if (err < 0) throw nl_error("bring up bridge " + name, err);
}

void delete_link(const std::string& name) {
    if (!link_exists(name)) return;
    NlSocket sk;
    rtnl_link* link = nl_route().rtnl_link_alloc();
    nl_route().rtnl_link_set_name(link, name.c_str());
    int err = nl_route().rtnl_link_delete(sk.get(), link);
    nl_route().rtnl_link_put(link);
    if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_NODEV) throw nl_error("delete link " + name, err);
}

bool Ipv4Net::overlaps(const Ipv4Net& o) const {
    int p = std::min(prefix, o.prefix);
    uint32_t mask = p == 0 ? 0 : ~uint32_t(0) << (32 - p);
    return (addr & mask) == (o.addr & mask);
}

Ipv4Net parse_ipv4_cidr(const std::string& cidr) {
    auto slash = cidr.find('/');
    std::string ip = cidr.substr(0, slash);
    int prefix = 32;
    if (slash != std::string::npos) {
        try {
            size_t used = 0;
            prefix = std::stoi(cidr.substr(slash + 1), &used);
            if (used != cidr.size() - slash - 1) prefix = -1;
        } catch (...) {
            prefix = -1;
        }
    }
    in_addr a{};
    if (::inet_pton(AF_INET, ip.c_str(), &a) != 1 || prefix < 0 || prefix > 32) {
        throw Error(Errc::InvalidArgument, "invalid IPv4 address or subnet \"" + cidr + "\"");
    }
    return {ntohl(a.s_addr), prefix};
}

std::string format_ipv4(uint32_t addr) {
    in_addr a{htonl(addr)};
    char buf[INET_ADDRSTRLEN];
    ::inet_ntop(AF_INET, &a, buf, sizeof buf);
    return buf;
}

std::vector<Ipv4Net> host_ipv4_routes() {
    std::vector<Ipv4Net> out;
    std::ifstream in("/proc/net/route");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::string iface, dest, gw, flags, refcnt, use, metric, mask;
        if (!(ls >> iface >> dest >> gw >> flags >> refcnt >> use >> metric >> mask)) continue;
        // Little-endian hex of the network-order address.
        uint32_t d = ntohl(static_cast<uint32_t>(std::stoul(dest, nullptr, 16)));
        uint32_t m = ntohl(static_cast<uint32_t>(std::stoul(mask, nullptr, 16)));
        int prefix = __builtin_popcount(m);
        if (prefix == 0) continue;
        out.push_back({d, prefix});
    }
    return out;
}

}  // namespace tug::cni
