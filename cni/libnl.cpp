// The NlApi, NlRouteApi resolved by name from their libraries.
#include "cni/libnl.hpp"

#include "engine/base/lazy_library.hpp"

namespace tug::cni {

const NlApi& nl() {
    static const NlApi api = [] {
        auto& lib = tug::lazy::libnl();
        NlApi t{};
// Each member is the function of that name.
#define TUG_RESOLVE(member) t.member = tug::lazy::resolve<decltype(&::member)>(lib, #member)
        TUG_RESOLVE(nl_socket_alloc);
        TUG_RESOLVE(nl_socket_free);
        TUG_RESOLVE(nl_connect);
        TUG_RESOLVE(nl_geterror);
        TUG_RESOLVE(nl_addr_parse);
        TUG_RESOLVE(nl_addr_put);
#undef TUG_RESOLVE
        return t;
    }();
    return api;
}

const NlRouteApi& nl_route() {
    static const NlRouteApi api = [] {
        auto& lib = tug::lazy::libnl_route();
        NlRouteApi t{};
// Each member is the function of that name.
#define TUG_RESOLVE(member) t.member = tug::lazy::resolve<decltype(&::member)>(lib, #member)
        TUG_RESOLVE(rtnl_addr_alloc);
        TUG_RESOLVE(rtnl_addr_put);
        TUG_RESOLVE(rtnl_addr_set_ifindex);
        TUG_RESOLVE(rtnl_addr_set_local);
        TUG_RESOLVE(rtnl_addr_add);
        TUG_RESOLVE(rtnl_link_alloc);
        TUG_RESOLVE(rtnl_link_bridge_alloc);
        TUG_RESOLVE(rtnl_link_put);
        TUG_RESOLVE(rtnl_link_set_name);
        TUG_RESOLVE(rtnl_link_set_flags);
        TUG_RESOLVE(rtnl_link_get_ifindex);
        TUG_RESOLVE(rtnl_link_add);
        TUG_RESOLVE(rtnl_link_change);
        TUG_RESOLVE(rtnl_link_delete);
        TUG_RESOLVE(rtnl_link_get_kernel);
#undef TUG_RESOLVE
        return t;
    }();
    return api;
}

}  // namespace tug::cni
