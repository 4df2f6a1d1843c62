// The Runc implementation's command lines and error classes, against a stand-in binary
// (a shell script) that logs its argv and fails as runc does when asked to.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/runtime/runc.hpp"

namespace tug::test {
namespace {

using engine::runtime::Runc;

// A "runc" that appends its arguments to argv.log beside it. For the container id
// "missing" it fails as runc does for a missing command: an error in its --log file, exit 1;
// for "gone" it fails as `runc kill` does for a stopped container.
constexpr const char* kScript = R"(#!/bin/sh
dir=$(dirname "$0")
echo "$*" >>"$dir/argv.log"
log= prev=
for a in "$@"; do
    [ "$prev" = --log ] && log=$a
    prev=$a
done
case " $* " in
*" missing "*)
    echo '{"level":"error","msg":"exec: \"nope\": executable file not found in $PATH","time":"t"}' >>"$log"
    exit 1 ;;
*" gone "*)
    echo "container not running" >&2
    exit 1 ;;
esac
case " $* " in *" state "*) echo '{"ociVersion":"1.0.2","id":"c1","status":"running"}' ;; esac
exit 0
)";

class RuncTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/trc-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        std::ofstream(dir_ + "/runc") << kScript;
        ::chmod((dir_ + "/runc").c_str(), 0755);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    Runc runc(bool systemd = false) {
        return Runc(dir_ + "/runc", dir_ + "/root", dir_ + "/runc.log", systemd, base::ChildEnv{});
    }
    std::vector<std::string> argv() const {
        std::vector<std::string> lines;
        std::istringstream in(base::read_file_if_exists(dir_ + "/argv.log").value_or(""));
        for (std::string l; std::getline(in, l);)
            lines.push_back(l);
        return lines;
    }
    std::string global() const {
        return "--root " + dir_ + "/root --log " + dir_ + "/runc.log --log-format json";
    }

    std::string dir_;
};

TEST_F(RuncTest, VerbsAreRuncsCommandLines) {
    auto r = runc();
    r.create("c1", "/b", "/b/pid", "", {});
    r.run_detached("c1", "/b", "/b/pid", "/s.sock", {});
    r.start("c1");
    r.kill("c1", "TERM");
    r.kill("c1", "KILL", true);
    EXPECT_EQ(r.status("c1"), "running");
    r.remove("c1", true);  // no state of runc's to clean up in-process: runc delete
    r.pause("c1");
    r.resume("c1");
    const std::string g = global();
    EXPECT_EQ(argv(),
              (std::vector<std::string>{
                  g + " create --bundle /b --pid-file /b/pid c1",
                  g + " run --detach --bundle /b --pid-file /b/pid --console-socket /s.sock c1",
                  g + " start c1",
                  g + " kill c1 TERM",
                  g + " kill --all c1 KILL",
                  g + " state c1",
                  g + " delete --force c1",
                  g + " pause c1",
                  g + " resume c1",
              }));
}

TEST_F(RuncTest, TheSystemdCgroupDriverIsPassedOn) {
    runc(true).start("c1");
    EXPECT_EQ(argv(), std::vector<std::string>{global() + " --systemd-cgroup start c1"});
}

TEST_F(RuncTest, AMissingCommandIsCommandNotFoundWithRuncsWords) {
    try {
        runc().create("missing", "/b", "/b/pid", "", {});
        FAIL() << "create succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::CommandNotFound);
        EXPECT_EQ(e.message(), "exec: \"nope\": executable file not found in $PATH");
    }
}

TEST_F(RuncTest, KillingAStoppedContainerIsAFailedPrecondition) {
    try {
        runc().kill("gone", "TERM");
        FAIL() << "kill succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::FailedPrecondition);
        EXPECT_EQ(e.message(), "kill container gone: container not running");
    }
}

}  // namespace
}  // namespace tug::test
