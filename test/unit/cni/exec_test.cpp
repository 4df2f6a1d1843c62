// The executor against scripted plugins (shell scripts in a temp CNI_PATH): env, chaining,
// the cached result used by DEL and CHECK, errors and timeouts.
#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "cni/exec.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"

using namespace tug;
using nlohmann::json;

namespace {

// A plugin that logs "<command> <env> <stdin>" to $dir/log and answers with a result
// that appends its own name to prevResult's interfaces.
void write_plugin(const std::string& dir, const std::string& name, const std::string& body) {
    const std::string path = dir + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body;
    ::chmod(path.c_str(), 0755);
}

const char* kChainPlugin = R"(in=$(cat)
echo "$CNI_COMMAND $CNI_CONTAINERID $CNI_NETNS $CNI_IFNAME $CNI_ARGS $(basename $0) $in" >> "$(dirname $0)/log"
[ "$CNI_COMMAND" = VERSION ] && { echo '{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0"]}'; exit 0; }
[ "$CNI_COMMAND" = ADD ] || exit 0
n=$(basename $0)
echo "$in" | jq -c --arg n "$n" '(.prevResult // {cniVersion:"1.0.0",interfaces:[],ips:[]}) | .interfaces += [{name:$n}]'
)";

struct ExecFixture : ::testing::Test {
    base::TempDir tmp{::testing::TempDir(), "tug-cni-"};
    cni::ExecOptions opts;
    cni::RuntimeConf rt;
    void SetUp() override {
        base::make_dirs(tmp.path() + "/bin");
        write_plugin(tmp.path() + "/bin", "one", kChainPlugin);
        write_plugin(tmp.path() + "/bin", "two", kChainPlugin);
        opts.plugin_dirs = {tmp.path() + "/nowhere", tmp.path() + "/bin"};
        opts.cache_dir = tmp.path() + "/cache";
        rt.container_id = "c1";
        rt.netns = "/run/netns/x";
        rt.ifname = "eth0";
        rt.args = {{"IgnoreUnknown", "1"}, {"K", "V"}};
    }
    std::string log() { return base::read_file_if_exists(tmp.path() + "/bin/log").value_or(""); }
};

}  // namespace

TEST_F(ExecFixture, AddChainsPrevResultAndCaches) {
    auto list = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[{"type":"one"},{"type":"two"}]})");
    auto result = cni::add_network_list(opts, list, rt);
    ASSERT_EQ(result["interfaces"].size(), 2u);
    EXPECT_EQ(result["interfaces"][0]["name"], "one");
    EXPECT_EQ(result["interfaces"][1]["name"], "two");
    EXPECT_NE(log().find("ADD c1 /run/netns/x eth0 IgnoreUnknown=1;K=V one"), std::string::npos);
    auto cached = cni::cached_result(opts, "net", rt);
    ASSERT_TRUE(cached);
    EXPECT_EQ((*cached)["result"], result);
    EXPECT_EQ((*cached)["containerId"], "c1");
}

TEST_F(ExecFixture, DelRunsInReverseWithCachedConfigAndRemovesCache) {
    auto list = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[{"type":"one"},{"type":"two"}]})");
    cni::add_network_list(opts, list, rt);
    // The network's config changed meanwhile: DEL must still undo what ADD did.
    auto changed = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[{"type":"two"}]})");
    ::unlink((tmp.path() + "/bin/log").c_str());
    cni::del_network_list(opts, changed, rt);
    const auto l = log();
    auto two = l.find("DEL c1 /run/netns/x eth0 IgnoreUnknown=1;K=V two");
    auto one = l.find("DEL c1 /run/netns/x eth0 IgnoreUnknown=1;K=V one");
    ASSERT_NE(two, std::string::npos);
    ASSERT_NE(one, std::string::npos);
    EXPECT_LT(two, one);
    EXPECT_NE(l.find("\"prevResult\""), std::string::npos);
    EXPECT_FALSE(cni::cached_result(opts, "net", rt));
    // Twice is fine (no cache: the given list).
    EXPECT_NO_THROW(cni::del_network_list(opts, changed, rt));
}

TEST_F(ExecFixture, CheckNeedsCacheAndSkipsOldVersions) {
    auto list = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[{"type":"one"}]})");
    EXPECT_THROW(cni::check_network_list(opts, list, rt), Error);
    cni::add_network_list(opts, list, rt);
    EXPECT_NO_THROW(cni::check_network_list(opts, list, rt));
    EXPECT_NE(log().find("CHECK c1"), std::string::npos);
    auto old = cni::parse_conflist(R"({"cniVersion":"0.3.1","name":"old","plugins":[{"type":"one"}]})");
    EXPECT_NO_THROW(cni::check_network_list(opts, old, rt));  // no CHECK before 0.4.0
}

TEST_F(ExecFixture, PluginErrorIsQuotedAndNothingCached) {
    write_plugin(tmp.path() + "/bin", "bad",
                 "cat >/dev/null; echo '{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"no bridge\",\"details\":\"x\"}'; exit 1\n");
    auto list = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[{"type":"one"},{"type":"bad"}]})");
    try {
        cni::add_network_list(opts, list, rt);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.message(), "cni plugin bad failed (add): no bridge: x");
    }
    EXPECT_FALSE(cni::cached_result(opts, "net", rt));
}

TEST_F(ExecFixture, MissingPluginAndTimeout) {
    auto list = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[{"type":"absent"}]})");
    try {
        cni::add_network_list(opts, list, rt);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::NotFound);
        EXPECT_NE(e.message().find("CNI plugin absent not found"), std::string::npos);
    }
    write_plugin(tmp.path() + "/bin", "slow", "exec sleep 5\n");
    opts.timeout = std::chrono::milliseconds(200);
    auto slow = cni::parse_conflist(R"({"cniVersion":"1.0.0","name":"net","plugins":[{"type":"slow"}]})");
    try {
        cni::add_network_list(opts, slow, rt);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::DeadlineExceeded);
    }
}

TEST_F(ExecFixture, Version) {
    auto v = cni::plugin_versions(opts, "one");
    EXPECT_EQ(v, (std::vector<std::string>{"0.4.0", "1.0.0"}));
}
