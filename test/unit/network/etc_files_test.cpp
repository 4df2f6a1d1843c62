// /etc/hosts and /etc/resolv.conf rendering.
#include <gtest/gtest.h>

#include "engine/api/network.hpp"
#include "engine/base/error.hpp"

using namespace tug;
using namespace tug::engine::network;

TEST(Hosts, LocalhostOwnIpPeersAndAddHosts) {
    HostsInput in;
    in.hostname = "abc123";
    in.own_ips = {"10.4.1.2"};
    in.peers = {{"10.4.1.3", {"web", "www", "0123456789ab"}}};
    in.add_hosts = {"db:192.0.2.9", "gw:host-gateway", "v6:[fd00::1]"};
    in.host_gateway = "10.4.1.1";
    auto out = render_hosts(in);
    EXPECT_EQ(out.rfind("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n", 0), 0u);
    EXPECT_NE(out.find("192.0.2.9\tdb\n"), std::string::npos);
    EXPECT_NE(out.find("10.4.1.1\tgw\n"), std::string::npos);
    EXPECT_NE(out.find("fd00::1\tv6\n"), std::string::npos);
    EXPECT_NE(out.find("10.4.1.2\tabc123\n"), std::string::npos);
    EXPECT_NE(out.find("10.4.1.3\tweb www 0123456789ab\n"), std::string::npos);
}

TEST(Hosts, BadAddHost) {
    HostsInput in;
    in.add_hosts = {"nocolon"};
    EXPECT_THROW(render_hosts(in), Error);
    in.add_hosts = {"gw:host-gateway"};  // no gateway known
    EXPECT_THROW(render_hosts(in), Error);
}

TEST(Resolv, DropsLoopbackKeepsSearchAndOptions) {
    ResolvInput in;
    in.host_resolv = "# comment\nsearch example.com corp\nnameserver 127.0.0.1\nnameserver 192.0.2.53\noptions ndots:2\n";
    EXPECT_EQ(render_resolv_conf(in), "search example.com corp\nnameserver 192.0.2.53\noptions ndots:2\n");
    in.host_network = true;
    EXPECT_EQ(render_resolv_conf(in),
              "search example.com corp\nnameserver 127.0.0.1\nnameserver 192.0.2.53\noptions ndots:2\n");
}

TEST(Resolv, FallsBackToGooglePublicDns) {
    ResolvInput in;
    in.host_resolv = "nameserver 127.0.0.1\nnameserver ::1\n";
    EXPECT_EQ(render_resolv_conf(in), "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
}

TEST(Resolv, SystemdStubReplacedByUpstreams) {
    ResolvInput in;
    in.host_resolv = "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n";
    in.systemd_resolv = "nameserver 192.0.2.1\nnameserver 192.0.2.2\nsearch lan\n";
    EXPECT_EQ(render_resolv_conf(in), "search lan\nnameserver 192.0.2.1\nnameserver 192.0.2.2\n");
    in.systemd_resolv.clear();  // no upstream file: the stub is dropped like any loopback
    EXPECT_EQ(render_resolv_conf(in), "search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\noptions edns0 trust-ad\n");
}

TEST(Resolv, FlagsOverride) {
    ResolvInput in;
    in.host_resolv = "search a\nnameserver 192.0.2.53\noptions ndots:2\n";
    in.dns = {"1.1.1.1"};
    in.dns_search = {"x.org"};
    in.dns_options = {"timeout:1", "attempts:2"};
    EXPECT_EQ(render_resolv_conf(in), "search x.org\nnameserver 1.1.1.1\noptions timeout:1 attempts:2\n");
    in.dns_search = {"."};
    EXPECT_EQ(render_resolv_conf(in), "nameserver 1.1.1.1\noptions timeout:1 attempts:2\n");
}
