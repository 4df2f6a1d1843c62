// An exec's OCI process: the container start's env order (spec::process_env) and overrides, user resolution, cwd, caps.
#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/container/exec_process.hpp"

using namespace tug::engine::container;
using nlohmann::json;

namespace {

const char* kPasswd = "root:x:0:0:root:/root:/bin/sh\ntug:x:1000:1000::/home/tug:/bin/sh\n";
const char* kGroup = "root:x:0:\ntug:x:1000:\nextra:x:1001:tug\n";

json spec_process() {
    return {{"args", {"sleep", "1000"}},
            {"cwd", "/srv"},
            {"env", {"PATH=/bin", "HOSTNAME=h"}},
            {"user", {{"uid", 0}, {"gid", 0}}},
            {"capabilities", {{"bounding", {"CAP_CHOWN"}}}},
            {"apparmorProfile", "docker-default"},
            {"noNewPrivileges", true},
            {"terminal", true}};
}

tug::engine::ContainerConfig record() {
    tug::engine::ContainerConfig c;
    c.hostname = "abc";
    c.env = {"PATH=/usr/bin:/bin", "A=1", "B=2"};
    return c;
}

// A rootfs with just the user database, shared by the tests.
const std::string& rootfs() {
    static const tug::base::TempDir dir("/tmp", "tug-exec-process-test-");
    static const bool made = [] {
        ::mkdir((dir.path() + "/etc").c_str(), 0755);
        std::ofstream(dir.path() + "/etc/passwd") << kPasswd;
        std::ofstream(dir.path() + "/etc/group") << kGroup;
        return true;
    }();
    (void)made;
    return dir.path();
}

ExecProcessInput input() {
    ExecProcessInput in;
    in.args = {"sh", "-c", "env"};
    in.rootfs = rootfs();
    return in;
}

}  // namespace

TEST(ExecProcess, KeepsTheContainersProcessAndOverridesArgs) {
    json p = exec_process(spec_process(), record(), input());
    EXPECT_EQ(p["args"], json({"sh", "-c", "env"}));
    EXPECT_EQ(p["cwd"], "/srv");
    EXPECT_EQ(p["terminal"], false);
    EXPECT_EQ(p["noNewPrivileges"], true);
    EXPECT_EQ(p["apparmorProfile"], "docker-default");
    EXPECT_EQ(p["env"], json({"HOSTNAME=abc", "PATH=/usr/bin:/bin", "A=1", "B=2", "HOME=/root"}));
}

TEST(ExecProcess, EnvOverridesReplaceInPlaceAndTtyAddsTerm) {
    auto in = input();
    in.env = {"B=x", "C=3"};
    in.tty = true;
    json p = exec_process(spec_process(), record(), in);
    EXPECT_EQ(p["env"], json({"HOSTNAME=abc", "TERM=xterm", "PATH=/usr/bin:/bin", "A=1", "B=x",
                              "HOME=/root", "C=3"}));
    EXPECT_EQ(p["terminal"], true);
}

TEST(ExecProcess, UserAndWorkdir) {
    auto in = input();
    in.user = "tug";
    in.workdir = "/tmp";
    json p = exec_process(spec_process(), record(), in);
    EXPECT_EQ(p["user"]["uid"], 1000);
    EXPECT_EQ(p["user"]["gid"], 1000);
    EXPECT_EQ(p["user"]["additionalGids"], json({1000, 1001}));
    EXPECT_EQ(p["cwd"], "/tmp");
    EXPECT_EQ(p["env"].back(), "HOME=/home/tug");
    in.user = "nobody-here";
    EXPECT_THROW(exec_process(spec_process(), record(), in), tug::Error);
}

TEST(ExecProcess, PrivilegedGetsAllCapabilitiesUnconfined) {
    auto in = input();
    in.privileged = true;
    in.all_capabilities = {"CAP_CHOWN", "CAP_SYS_ADMIN"};
    json p = exec_process(spec_process(), record(), in);
    EXPECT_EQ(p["capabilities"]["effective"], json({"CAP_CHOWN", "CAP_SYS_ADMIN"}));
    EXPECT_FALSE(p.contains("apparmorProfile"));
}
