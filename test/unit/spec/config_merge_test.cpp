// Entrypoint/Cmd/Env/WorkingDir merging and user resolution, checked against docker's rules.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/spec/config_merge.hpp"
#include "engine/spec/oci_spec.hpp"

using namespace tug::engine::spec;
using nlohmann::json;

namespace {

json image_cfg() {
    return {{"Entrypoint", {"/entry.sh"}}, {"Cmd", {"serve", "--port", "80"}},
            {"Env", {"PATH=/usr/bin", "A=1"}}, {"WorkingDir", "/app"}, {"User", "app"}};
}

}  // namespace

TEST(MergeConfig, ImageDefaultsWhenNothingGiven) {
    auto c = merge_config(image_cfg(), {});
    EXPECT_EQ(c["Entrypoint"], json({"/entry.sh"}));
    EXPECT_EQ(c["Cmd"], json({"serve", "--port", "80"}));
    EXPECT_EQ(c["WorkingDir"], "/app");
    EXPECT_EQ(c["User"], "app");
}

TEST(MergeConfig, CommandReplacesCmdKeepsEntrypoint) {
    UserOverrides o;
    o.command = {"debug"};
    auto c = merge_config(image_cfg(), o);
    EXPECT_EQ(c["Entrypoint"], json({"/entry.sh"}));
    EXPECT_EQ(c["Cmd"], json({"debug"}));
}

TEST(MergeConfig, EntrypointOverrideDropsImageCmd) {
    UserOverrides o;
    o.entrypoint = "/bin/sh";
    auto c = merge_config(image_cfg(), o);
    EXPECT_EQ(c["Entrypoint"], json({"/bin/sh"}));
    EXPECT_TRUE(c["Cmd"].is_null());
}

TEST(MergeConfig, EmptyEntrypointClearsIt) {
    UserOverrides o;
    o.entrypoint = "";
    o.command = {"ls"};
    auto c = merge_config(image_cfg(), o);
    EXPECT_TRUE(c["Entrypoint"].is_null());
    EXPECT_EQ(c["Cmd"], json({"ls"}));
}

TEST(MergeConfig, NoCommandIsAnError) {
    try {
        merge_config(json::object(), {});
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "No command specified");
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument);
    }
}

TEST(MergeConfig, RelativeWorkdirRejected) {
    UserOverrides o;
    o.workdir = "rel";
    EXPECT_THROW(merge_config(image_cfg(), o), tug::Error);
}

TEST(MergeConfig, EnvOverridesByKeyKeepingOrder) {
    UserOverrides o;
    o.env = {"A=2", "B=3"};
    auto c = merge_config(image_cfg(), o);
    EXPECT_EQ(c["Env"], json({"PATH=/usr/bin", "A=2", "B=3"}));
}

TEST(ProcessEnv, DefaultPathHostnameAndTerm) {
    auto env = process_env({"A=1"}, "abc", true);
    EXPECT_EQ(env, (std::vector<std::string>{std::string(kDefaultPath), "HOSTNAME=abc", "TERM=xterm", "A=1"}));
    auto env2 = process_env({"PATH=/x", "HOSTNAME=mine"}, "abc", false);
    EXPECT_EQ(env2, (std::vector<std::string>{"HOSTNAME=mine", "PATH=/x"}));
}

TEST(BuildSpec, DockerDefaults) {
    SpecInput in;
    in.args = {"/bin/sh", "-c", "true"};
    in.rootfs = "/r";
    in.hostname = "h";
    in.nofile_hard = 20000;
    in.network_mode = "none";
    auto s = build_spec(in);
    EXPECT_EQ(s["process"]["args"], json({"/bin/sh", "-c", "true"}));
    EXPECT_EQ(s["process"]["cwd"], "/");
    EXPECT_EQ(s["process"]["capabilities"]["bounding"].size(), 14u);
    EXPECT_EQ(s["process"]["rlimits"][0]["hard"], 20000);
    EXPECT_EQ(s["linux"]["namespaces"].size(), 5u);
    EXPECT_FALSE(s["linux"].contains("seccomp"));
    in.network_mode = "host";
    EXPECT_EQ(build_spec(in)["linux"]["namespaces"].size(), 4u);
}
