// The libnl functions tug calls (bridge, address and loopback set-up), resolved on first
// use: most tug processes, container monitors included, never touch a link.
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>

#include "engine/base/lazy_library.hpp"

#define TUG_LAZY_NL(ret, name, params, args) TUG_LAZY_FUNCTION(libnl, ret, name, params, args)
#define TUG_LAZY_ROUTE(ret, name, params, args) TUG_LAZY_FUNCTION(libnl_route, ret, name, params, args)

TUG_LAZY_NL(nl_sock*, nl_socket_alloc, (void), ())
TUG_LAZY_NL(void, nl_socket_free, (nl_sock * sk), (sk))
TUG_LAZY_NL(int, nl_connect, (nl_sock * sk, int protocol), (sk, protocol))
TUG_LAZY_NL(const char*, nl_geterror, (int err), (err))
TUG_LAZY_NL(int, nl_addr_parse, (const char* text, int family, nl_addr** result), (text, family, result))
TUG_LAZY_NL(void, nl_addr_put, (nl_addr * addr), (addr))

TUG_LAZY_ROUTE(rtnl_addr*, rtnl_addr_alloc, (void), ())
TUG_LAZY_ROUTE(void, rtnl_addr_put, (rtnl_addr * addr), (addr))
TUG_LAZY_ROUTE(void, rtnl_addr_set_ifindex, (rtnl_addr * addr, int index), (addr, index))
TUG_LAZY_ROUTE(int, rtnl_addr_set_local, (rtnl_addr * addr, nl_addr* local), (addr, local))
TUG_LAZY_ROUTE(int, rtnl_addr_add, (nl_sock * sk, rtnl_addr* addr, int flags), (sk, addr, flags))
TUG_LAZY_ROUTE(rtnl_link*, rtnl_link_alloc, (void), ())
TUG_LAZY_ROUTE(rtnl_link*, rtnl_link_bridge_alloc, (void), ())
TUG_LAZY_ROUTE(void, rtnl_link_put, (rtnl_link * link), (link))
TUG_LAZY_ROUTE(void, rtnl_link_set_name, (rtnl_link * link, const char* name), (link, name))
TUG_LAZY_ROUTE(void, rtnl_link_set_flags, (rtnl_link * link, unsigned int flags), (link, flags))
TUG_LAZY_ROUTE(int, rtnl_link_get_ifindex, (rtnl_link * link), (link))
TUG_LAZY_ROUTE(int, rtnl_link_add, (nl_sock * sk, rtnl_link* link, int flags), (sk, link, flags))
TUG_LAZY_ROUTE(int, rtnl_link_change, (nl_sock * sk, rtnl_link* orig, rtnl_link* changes, int flags),
               (sk, orig, changes, flags))
TUG_LAZY_ROUTE(int, rtnl_link_delete, (nl_sock * sk, const rtnl_link* link), (sk, link))
TUG_LAZY_ROUTE(int, rtnl_link_get_kernel, (nl_sock * sk, int index, const char* name, rtnl_link** result),
               (sk, index, name, result))
