// Network namespace pinning (unshare in a helper thread, bind mount of its ns file) and
// loopback bring-up with libnl inside the new namespace.
#include "cni/netns.hpp"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <unistd.h>

#include <exception>
#include <thread>

#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "cni/libnl.hpp"
#include "engine/base/error.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::cni {

namespace {

// Brings `lo` up in the calling thread's network namespace. The netlink socket must be
// opened after the unshare: it belongs to the namespace it was created in.
void loopback_up() {
    nl_sock* sk = nl().nl_socket_alloc();
    if (!sk) throw Error(Errc::Internal, "netlink: out of memory");
    rtnl_link* lo = nullptr;
    rtnl_link* change = nullptr;
    int err = nl().nl_connect(sk, NETLINK_ROUTE);
    if (err == 0) err = nl_route().rtnl_link_get_kernel(sk, 0, "lo", &lo);
    if (err == 0) {
        change = nl_route().rtnl_link_alloc();
        nl_route().rtnl_link_set_flags(change, IFF_UP);
        err = nl_route().rtnl_link_change(sk, lo, change, 0);
    }
    if (change) nl_route().rtnl_link_put(change);
    if (lo) nl_route().rtnl_link_put(lo);
    nl().nl_socket_free(sk);
    if (err < 0)
        throw Error(Errc::Internal, std::string("bring up loopback: ") + nl().nl_geterror(err));
}

}  // namespace

bool netns_pinned(const std::string& path) { return base::is_mount_point(path); }

void create_netns(const std::string& path) {
    if (netns_pinned(path)) throw Error(Errc::AlreadyExists, "network namespace " + path + " already exists");
    base::open_fd(path.c_str(), O_WRONLY | O_CREAT, 0444).reset();
    std::exception_ptr failure;
    // A dedicated thread: unshare(CLONE_NEWNET) changes only the calling thread, which
    // then exits; the namespace lives on through the bind mount.
    std::thread worker([&] {
        try {
            if (::unshare(CLONE_NEWNET) != 0) throw sys_error("unshare network namespace");
            loopback_up();
            base::mount_at({"bind", "/proc/thread-self/ns/net", {"bind"}}, path);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    worker.join();
    if (failure) {
        ::unlink(path.c_str());
        try {
            std::rethrow_exception(failure);
        } catch (Error& e) {
            e.wrap("create network namespace " + path);
            throw;
        }
    }
}

void remove_netns(const std::string& path) {
    base::unmount(path, true);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw sys_error("remove network namespace " + path);
}

}  // namespace tug::cni
