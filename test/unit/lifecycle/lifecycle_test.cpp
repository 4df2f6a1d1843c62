// The container lifecycle over the fake runtime: create, start, exit codes, stop with a
// timeout, kill, restart, restart policies and their backoff, --rm, a lost monitor and
// boot after a reboot. Real monitors run (this program re-executed) against real
// records; only the runtime, the rootfs mount and the network are fakes.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "engine/api/container.hpp"
#include "engine/api/container_boot.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/container/store.hpp"
#include "test/unit/lifecycle/fake_platform.hpp"

namespace tug::test {
namespace {

using engine::ContainerStatus;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

bool alive(int pid) {
    return process_running(pid);
}

std::vector<std::string> verbs(const std::vector<FakeCall>& calls) {
    std::vector<std::string> out;
    for (const auto& c : calls) {
        std::string v = c.verb;
        for (const auto& a : c.args)
            v += " " + a;
        out.push_back(v);
    }
    return out;
}

engine::ContainerStartReport start(const Sandbox& s, const std::string& id) {
    return engine::container_start(s.config(), {.container = id});
}

std::optional<std::string> stop(const Sandbox& s, const std::string& id, int timeout) {
    engine::ContainerStopOptions o;
    o.containers = {id};
    o.timeout = timeout;
    return engine::container_stop(s.config(), o).front().error;
}

TEST(Lifecycle, CreateRecordsTheRuntimeAndRefusesAnUnknownOne) {
    Sandbox s;
    const std::string id = s.create({"exit", "0"});
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.status, ContainerStatus::Created);
    EXPECT_EQ(rec.host.runtime, "fake");
    EXPECT_TRUE(s.calls(id).empty()) << "create touches no runtime";

    engine::ContainerCreateOptions o;
    o.image = "/";
    o.name = "other-runtime";
    o.runtime = "crun";
    o.net.networks = {"none"};
    try {
        engine::container_create(s.config(), o);
        FAIL() << "an unknown runtime was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::InvalidArgument);
        EXPECT_EQ(e.message(), "unknown or invalid runtime name: crun");
    }
    EXPECT_EQ(engine::container_list(s.config(), {.all = true}).size(), 1u);
}

TEST(Lifecycle, StartRunsTheContainerAndRecordsItsExitCode) {
    Sandbox s;
    const std::string id = s.create({"run", "50", "3"});
    const auto report = start(s, id);
    EXPECT_GT(report.pid, 0);
    EXPECT_TRUE(s.wait_monitor_gone(id));
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.status, ContainerStatus::Exited);
    EXPECT_EQ(rec.state.exit_code, 3);
    EXPECT_EQ(rec.state.pid, 0);
    EXPECT_EQ(rec.state.restart_count, 0);
    EXPECT_GT(rec.state.finished_ns, rec.state.started_ns);
    // What a previous run may have left is cleared first; then set up, run, and
    // everything released: the runtime's container, the mount, the network.
    EXPECT_EQ(verbs(s.calls(id)),
              (std::vector<std::string>{"unmount", "net-down", "mount", "net-up", "run",
                                        "delete --force", "unmount", "net-down"}));
}

TEST(Lifecycle, AStartThatCannotRunTheCommandReports127AndStaysCreated) {
    Sandbox s;
    const std::string id = s.create({"missing"});
    try {
        start(s, id);
        FAIL() << "a missing command started";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::CommandNotFound);
    }
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.status, ContainerStatus::Created);
    EXPECT_EQ(rec.state.exit_code, 127);
    EXPECT_NE(rec.state.error.find("executable file not found"), std::string::npos);
    EXPECT_TRUE(s.wait_monitor_gone(id));  // it reports, then exits
    EXPECT_TRUE(s.calls(id, "run").empty());
}

TEST(Lifecycle, StopSendsTheStopSignalAndReturnsOnceTheContainerIsGone) {
    Sandbox s;
    const std::string id = s.create({"sleep"});
    const int pid = start(s, id).pid;
    EXPECT_EQ(s.record(id).state.status, ContainerStatus::Running);
    const auto t0 = Clock::now();
    EXPECT_EQ(stop(s, id, 10), std::nullopt);
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5)) << "SIGTERM was enough";
    EXPECT_FALSE(s.monitor_alive(id));
    EXPECT_FALSE(alive(pid));
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.status, ContainerStatus::Exited);
    EXPECT_EQ(rec.state.exit_code, 143);
    EXPECT_TRUE(rec.state.stop_requested);
    EXPECT_EQ(verbs(s.calls(id, "kill")), std::vector<std::string>{"kill SIGTERM"});
}

TEST(Lifecycle, StopKillsAfterTheTimeoutAContainerThatIgnoresTheSignal) {
    Sandbox s;
    const std::string id = s.create({"ignore-term"});
    start(s, id);
    const auto t0 = Clock::now();
    EXPECT_EQ(stop(s, id, 1), std::nullopt);
    const auto took = Clock::now() - t0;
    EXPECT_GE(took, milliseconds(950)) << "SIGKILL came before the timeout";
    EXPECT_LT(took, std::chrono::seconds(5));
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.status, ContainerStatus::Exited);
    EXPECT_EQ(rec.state.exit_code, 137);
    EXPECT_EQ(verbs(s.calls(id, "kill")),
              (std::vector<std::string>{"kill SIGTERM", "kill KILL --all"}));
}

TEST(Lifecycle, KillSignalsTheContainerAndARefusalOnceItIsStopped) {
    Sandbox s;
    const std::string id = s.create({"sleep"});
    start(s, id);
    engine::ContainerKillOptions k;
    k.containers = {id};
    EXPECT_EQ(engine::container_kill(s.config(), k).front().error, std::nullopt);
    EXPECT_TRUE(s.wait_monitor_gone(id));
    EXPECT_EQ(s.record(id).state.exit_code, 137);
    const auto again = engine::container_kill(s.config(), k).front().error;
    ASSERT_TRUE(again.has_value());
    EXPECT_NE(again->find("is not running"), std::string::npos);
    EXPECT_EQ(s.calls(id, "kill").size(), 1u);
}

TEST(Lifecycle, RestartRunsANewProcess) {
    Sandbox s;
    const std::string id = s.create({"sleep"});
    const int first = start(s, id).pid;
    engine::ContainerStopOptions o;
    o.containers = {id};
    o.timeout = 5;
    EXPECT_EQ(engine::container_restart(s.config(), o).front().error, std::nullopt);
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.status, ContainerStatus::Running);
    EXPECT_NE(rec.state.pid, first);
    EXPECT_TRUE(alive(rec.state.pid));
    EXPECT_FALSE(alive(first));
    EXPECT_FALSE(rec.state.stop_requested);
    EXPECT_EQ(s.calls(id, "run").size(), 2u);
    EXPECT_EQ(stop(s, id, 5), std::nullopt);
}

// A container under policy that exits with code runs once and stays down.
void runs_once(const std::string& policy, int code) {
    Sandbox s;
    const std::string id = s.create({"exit", std::to_string(code)}, policy);
    start(s, id);
    EXPECT_TRUE(s.wait_monitor_gone(id));
    EXPECT_EQ(s.calls(id, "run").size(), 1u);
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.restart_count, 0);
    EXPECT_EQ(rec.state.exit_code, code);
    EXPECT_EQ(rec.state.status, ContainerStatus::Exited);
}

TEST(RestartPolicy, NoLeavesAFailedContainerDown) {
    runs_once("no", 1);
}
TEST(RestartPolicy, OnFailureLeavesASuccessAlone) {
    runs_once("on-failure", 0);
}

TEST(RestartPolicy, OnFailureRetriesUpToItsLimitWithADoublingBackoff) {
    Sandbox s;
    const std::string id = s.create({"exit", "2"}, "on-failure:3");
    start(s, id);
    EXPECT_TRUE(s.wait_monitor_gone(id));
    const auto runs = s.calls(id, "run");
    ASSERT_EQ(runs.size(), 4u) << "one run and three restarts";
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.restart_count, 3);
    EXPECT_EQ(rec.state.exit_code, 2);
    EXPECT_EQ(rec.state.status, ContainerStatus::Exited);
    // docker's backoff: 100 ms, then doubling.
    for (size_t i = 1; i < runs.size(); ++i) {
        const long long gap = runs[i].ms - runs[i - 1].ms;
        const long long want = 100LL << (i - 1);
        EXPECT_GE(gap, want - 10) << "restart " << i;
        EXPECT_LT(gap, want + 1000) << "restart " << i;
    }
}

// always and unless-stopped restart whatever the status, until the user stops them; a
// stop during the backoff ends it at once.
void restarts_until_stopped(const std::string& policy) {
    Sandbox s;
    const std::string id = s.create({"exit", "0"}, policy);
    start(s, id);
    EXPECT_TRUE(Sandbox::wait_until([&] { return s.calls(id, "run").size() >= 3; }));
    EXPECT_GE(s.record(id).state.restart_count, 2);
    EXPECT_EQ(stop(s, id, 1), std::nullopt);
    EXPECT_TRUE(s.wait_monitor_gone(id));
    const size_t runs = s.calls(id, "run").size();
    const auto rec = s.record(id);
    EXPECT_EQ(rec.state.status, ContainerStatus::Exited);
    EXPECT_TRUE(rec.state.stop_requested);
    // A stop during the backoff finds the next restart counted but never run.
    EXPECT_GE(rec.state.restart_count, static_cast<int>(runs) - 1);
    EXPECT_LE(rec.state.restart_count, static_cast<int>(runs));
}

TEST(RestartPolicy, AlwaysRestartsASuccessUntilStopped) {
    restarts_until_stopped("always");
}
TEST(RestartPolicy, UnlessStoppedRestartsUntilStopped) {
    restarts_until_stopped("unless-stopped");
}

TEST(AutoRemove, TheContainerGoesWhenItExits) {
    Sandbox s;
    const std::string id = s.create({"exit", "0"}, "no", true);
    start(s, id);
    EXPECT_TRUE(Sandbox::wait_until([&] { return !s.exists(id); }));
    EXPECT_TRUE(s.wait_monitor_gone(id));
    EXPECT_FALSE(std::filesystem::exists(engine::container::paths_for(s.config(), id).data));
    EXPECT_EQ(verbs(s.calls(id)).back(), "net-down");
}

TEST(LostMonitor, TheNextLookRecordsItLostAndKillsTheProcess) {
    Sandbox s;
    const std::string id = s.create({"sleep"});
    const int pid = start(s, id).pid;
    const int monitor = s.monitor_pid(id);
    ASSERT_GT(monitor, 1);
    ::kill(monitor, SIGKILL);
    EXPECT_TRUE(Sandbox::wait_until([&] { return !s.monitor_alive(id); }));
    EXPECT_TRUE(alive(pid)) << "the container outlives its monitor";
    const auto rec = engine::container_get(s.config(), id);  // reconciles, as ps/inspect do
    EXPECT_EQ(rec.state.status, ContainerStatus::Exited);
    EXPECT_EQ(rec.state.exit_code, 255);
    EXPECT_EQ(rec.state.pid, 0);
    EXPECT_EQ(verbs(s.calls(id, "delete")), std::vector<std::string>{"delete --force"})
        << "the runtime's container is deleted, its process with it";
    EXPECT_TRUE(Sandbox::wait_until([&] { return !alive(pid); }));
    // A start brings it back.
    EXPECT_GT(start(s, id).pid, 0);
    EXPECT_EQ(s.record(id).state.status, ContainerStatus::Running);
    EXPECT_EQ(stop(s, id, 5), std::nullopt);
}

TEST(Boot, ReconcilesWhatARebootLeftAndStartsByPolicy) {
    Sandbox s;
    const std::string always = s.create({"sleep"}, "always");
    const std::string plain = s.create({"sleep"}, "no");
    const std::string removed = s.create({"sleep"}, "no", true);
    const std::string stopped = s.create({"sleep"}, "unless-stopped");
    for (const auto& id : {always, plain, removed, stopped})
        start(s, id);
    EXPECT_EQ(stop(s, stopped, 5), std::nullopt);
    s.reboot();

    const auto report = engine::system_boot(s.config());
    auto has = [](const std::vector<std::string>& v, const std::string& id) {
        return std::find(v.begin(), v.end(), id) != v.end();
    };
    EXPECT_TRUE(has(report.reconciled, always));
    EXPECT_TRUE(has(report.reconciled, plain));
    EXPECT_TRUE(has(report.reconciled, removed));
    EXPECT_FALSE(has(report.reconciled, stopped)) << "it was stopped, not lost";
    EXPECT_TRUE(has(report.removed, removed));
    EXPECT_EQ(report.started, std::vector<std::string>{always});
    EXPECT_TRUE(report.failures.empty());

    EXPECT_FALSE(s.exists(removed));
    const auto p = s.record(plain);
    EXPECT_EQ(p.state.status, ContainerStatus::Exited);
    EXPECT_EQ(p.state.exit_code, 255);
    const auto a = s.record(always);
    EXPECT_EQ(a.state.status, ContainerStatus::Running);
    EXPECT_EQ(a.state.restart_count, 0);
    EXPECT_TRUE(alive(a.state.pid));
    EXPECT_EQ(s.record(stopped).state.status, ContainerStatus::Exited);
    EXPECT_EQ(stop(s, always, 5), std::nullopt);
}

}  // namespace
}  // namespace tug::test
