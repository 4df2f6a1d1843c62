// Conflist parsing, versions, plugin stdin (prevResult, capabilities) and CNI errors.
#include <gtest/gtest.h>

#include "cni/conflist.hpp"
#include "cni/exec.hpp"
#include "cni/result.hpp"
#include "engine/base/error.hpp"

using namespace tug;
using nlohmann::json;

TEST(Conflist, ParsesList) {
    auto l = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"n1","disableCheck":true,
        "plugins":[{"type":"bridge","bridge":"b0"},{"type":"portmap","capabilities":{"portMappings":true}}]})");
    EXPECT_EQ(l.name, "n1");
    EXPECT_EQ(l.cni_version, "1.0.0");
    EXPECT_TRUE(l.disable_check);
    ASSERT_EQ(l.plugins.size(), 2u);
    EXPECT_EQ(cni::plugin_type(l.plugins[1]), "portmap");
}

TEST(Conflist, LiftsSingleConf) {
    auto l = cni::parse_conflist(R"({"cniVersion":"0.4.0","name":"old","type":"bridge","bridge":"x"})");
    ASSERT_EQ(l.plugins.size(), 1u);
    EXPECT_EQ(l.plugins[0]["bridge"], "x");
    EXPECT_FALSE(l.plugins[0].contains("name"));
}

TEST(Conflist, AcceptsOldVersionsRejectsUnknown) {
    for (const char* v : {"0.3.0", "0.3.1", "0.4.0", "1.0.0"}) {
        EXPECT_NO_THROW(cni::parse_conflist(std::string(R"({"cniVersion":")") + v +
                                            R"(","name":"n","plugins":[{"type":"x"}]})"));
    }
    try {
        cni::parse_conflist(R"({"cniVersion":"0.2.0","name":"n","plugins":[{"type":"x"}]})");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::InvalidArgument);
        EXPECT_NE(e.message().find("unsupported cniVersion 0.2.0"), std::string::npos);
    }
}

TEST(Conflist, RejectsBadLists) {
    EXPECT_THROW(cni::parse_conflist("{"), Error);
    EXPECT_THROW(cni::parse_conflist(R"({"cniVersion":"1.0.0","plugins":[{"type":"x"}]})"), Error);
    EXPECT_THROW(cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"n","plugins":[]})"), Error);
    EXPECT_THROW(cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"n","plugins":[{"bridge":"x"}]})"), Error);
    EXPECT_THROW(cni::parse_conflist(R"({"name":"n","plugins":[{"type":"x"}]})"), Error);
}

TEST(Conflist, CompareVersions) {
    EXPECT_LT(cni::compare_versions("0.3.1", "0.4.0"), 0);
    EXPECT_EQ(cni::compare_versions("1.0.0", "1.0.0"), 0);
    EXPECT_GT(cni::compare_versions("1.0.0", "0.4.0"), 0);
}

TEST(PluginStdin, InjectsNameVersionPrevResultAndDeclaredCapabilities) {
    auto l = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[
        {"type":"portmap","capabilities":{"portMappings":true,"bandwidth":false}}]})");
    json caps = {{"portMappings", json::array({{{"hostPort", 80}, {"containerPort", 5000}, {"protocol", "tcp"}}})},
                 {"bandwidth", {{"ingressRate", 1}}},
                 {"mac", "02:00:00:00:00:01"}};
    json prev = {{"cniVersion", "1.0.0"}, {"ips", json::array()}};
    auto in = cni::plugin_stdin(l, l.plugins[0], caps, &prev);
    EXPECT_EQ(in["name"], "net");
    EXPECT_EQ(in["cniVersion"], "1.0.0");
    EXPECT_EQ(in["prevResult"], prev);
    ASSERT_TRUE(in.contains("runtimeConfig"));
    EXPECT_EQ(in["runtimeConfig"]["portMappings"][0]["hostPort"], 80);
    EXPECT_FALSE(in["runtimeConfig"].contains("bandwidth"));  // declared false
    EXPECT_FALSE(in["runtimeConfig"].contains("mac"));        // not declared
    json none;
    auto first = cni::plugin_stdin(l, l.plugins[0], json::object(), &none);
    EXPECT_FALSE(first.contains("prevResult"));
    EXPECT_FALSE(first.contains("runtimeConfig"));
}

TEST(PluginError, QuotesMsgAndDetails) {
    auto e = cni::plugin_error("bridge", "add", 1,
                               R"({"cniVersion":"1.0.0","code":11,"msg":"failed to allocate","details":"no IPs left"})", "");
    EXPECT_EQ(e.message(), "cni plugin bridge failed (add): failed to allocate: no IPs left");
    EXPECT_EQ(e.code(), Errc::Unavailable);
    auto e2 = cni::plugin_error("host-local", "del", 1, "", R"({"code":7,"msg":"invalid config"})");
    EXPECT_EQ(e2.message(), "cni plugin host-local failed (del): invalid config");
    EXPECT_EQ(e2.code(), Errc::InvalidArgument);
    auto e3 = cni::plugin_error("tuning", "add", 2, "", "panic: boom\n");
    EXPECT_EQ(e3.message(), "cni plugin tuning failed (add): panic: boom");
    auto e4 = cni::plugin_error("tuning", "add", 2, "", "");
    EXPECT_EQ(e4.message(), "cni plugin tuning failed (add): exit status 2");
}

TEST(Result, ParsesSandboxInterfaceAndIps) {
    auto r = cni::parse_result(json::parse(R"({"cniVersion":"1.0.0",
        "interfaces":[{"name":"tug0","mac":"aa:aa:aa:aa:aa:aa"},{"name":"veth1","mac":"bb:bb:bb:bb:bb:bb"},
                      {"name":"eth0","mac":"02:42:0a:04:00:02","sandbox":"/run/tug/netns/x"}],
        "ips":[{"address":"10.4.0.2/24","gateway":"10.4.0.1","interface":2},
               {"address":"fd00::2/64","gateway":"fd00::1","interface":2}],
        "dns":{"nameservers":["10.4.0.1"]}})"));
    ASSERT_NE(r.first_ip(false), nullptr);
    EXPECT_EQ(r.first_ip(false)->ip(), "10.4.0.2");
    EXPECT_EQ(r.first_ip(false)->prefix_len(), 24);
    EXPECT_EQ(r.first_ip(false)->gateway, "10.4.0.1");
    EXPECT_EQ(r.first_ip(true)->ip(), "fd00::2");
    EXPECT_EQ(r.mac_of("eth0"), "02:42:0a:04:00:02");
    EXPECT_EQ(r.mac_of("tug0"), "");  // host side
    EXPECT_EQ(r.dns_nameservers.size(), 1u);
    EXPECT_THROW(cni::parse_result(json::array()), Error);
}
