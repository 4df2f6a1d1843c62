// The libnl functions tug calls (bridge, address and loopback set-up), through tables
// resolved from libnl-3.so.200 and libnl-route-3.so.200 on first use: most tug
// processes, container monitors included, never touch a link.
#pragma once

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>

namespace tug::cni {

// Members keep libnl's names (nl_, rtnl_).
struct NlApi {
    decltype(&::nl_socket_alloc) nl_socket_alloc;
    decltype(&::nl_socket_free) nl_socket_free;
    decltype(&::nl_connect) nl_connect;
    decltype(&::nl_geterror) nl_geterror;
    decltype(&::nl_addr_parse) nl_addr_parse;
    decltype(&::nl_addr_put) nl_addr_put;
};

struct NlRouteApi {
    decltype(&::rtnl_addr_alloc) rtnl_addr_alloc;
    decltype(&::rtnl_addr_put) rtnl_addr_put;
    decltype(&::rtnl_addr_set_ifindex) rtnl_addr_set_ifindex;
    decltype(&::rtnl_addr_set_local) rtnl_addr_set_local;
    decltype(&::rtnl_addr_add) rtnl_addr_add;
    decltype(&::rtnl_link_alloc) rtnl_link_alloc;
    decltype(&::rtnl_link_bridge_alloc) rtnl_link_bridge_alloc;
    decltype(&::rtnl_link_put) rtnl_link_put;
    decltype(&::rtnl_link_set_name) rtnl_link_set_name;
    decltype(&::rtnl_link_set_flags) rtnl_link_set_flags;
    decltype(&::rtnl_link_get_ifindex) rtnl_link_get_ifindex;
    decltype(&::rtnl_link_add) rtnl_link_add;
    decltype(&::rtnl_link_change) rtnl_link_change;
    decltype(&::rtnl_link_delete) rtnl_link_delete;
    decltype(&::rtnl_link_get_kernel) rtnl_link_get_kernel;
};

// The table, resolved on the first call (thread-safe: callers wait for the one resolving).
// Throws tug::Error (Unavailable) naming the library or symbol that is missing; a later
// call tries again.
const NlApi& nl();
const NlRouteApi& nl_route();

}  // namespace tug::cni
