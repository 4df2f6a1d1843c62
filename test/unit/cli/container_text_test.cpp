// ps wording of a container record: docker's formatter and go-units.
#include <gtest/gtest.h>

#include "cli/output/container_text.hpp"

using namespace tug::cli::output;
using tug::engine::ContainerRecord;
using tug::engine::ContainerState;
using tug::engine::ContainerStatus;

namespace {
constexpr int64_t kSec = 1000000000LL;
constexpr int64_t kNow = 1767268800LL * kSec;  // 2026-01-01T12:00:00Z

ContainerState state(ContainerStatus status, int exit_code = 0, int64_t started = 0,
                     int64_t finished = 0) {
    ContainerState s;
    s.status = status;
    s.exit_code = exit_code;
    s.started_ns = started;
    s.finished_ns = finished;
    return s;
}
}  // namespace

TEST(StatusText, DockerWording) {
    EXPECT_EQ(status_text(state(ContainerStatus::Running, 0, kNow - 3 * kSec), kNow),
              "Up 3 seconds");
    EXPECT_EQ(status_text(state(ContainerStatus::Exited, 0, 0, kNow - 120 * kSec), kNow),
              "Exited (0) 2 minutes ago");
    EXPECT_EQ(status_text(state(ContainerStatus::Created), kNow), "Created");
    EXPECT_EQ(status_text(state(ContainerStatus::Restarting, 1, 0, kNow - 2 * kSec), kNow),
              "Restarting (1) 2 seconds ago");
    EXPECT_EQ(status_text(state(ContainerStatus::Exited, 137), kNow), "Exited (137)");
    EXPECT_EQ(status_text(state(ContainerStatus::Paused, 0, kNow - 3 * kSec), kNow),
              "Up 3 seconds (Paused)");
}

TEST(StatusText, HealthFollowsUp) {
    ContainerState s = state(ContainerStatus::Running, 0, kNow - 3 * kSec);
    s.health = tug::engine::HealthState{};
    EXPECT_EQ(status_text(s, kNow), "Up 3 seconds (health: starting)");
    s.health->status = "unhealthy";
    EXPECT_EQ(status_text(s, kNow), "Up 3 seconds (unhealthy)");
}

TEST(CommandText, TruncatedAndQuoted) {
    ContainerRecord rec;
    rec.path = "sh";
    rec.args = {"-c", "echo hello world; sleep 100"};
    EXPECT_EQ(command_text(rec, false), "\"sh -c echo hello wo\u2026\"");
    EXPECT_EQ(command_text(rec, true), "\"sh -c echo hello world; sleep 100\"");
    ContainerRecord q;
    q.path = "echo";
    q.args = {"\"x\""};
    EXPECT_EQ(command_text(q, false), "\"echo \\\"x\\\"\"");
}

TEST(PortsText, BoundThenExposedWhileNetworked) {
    ContainerRecord rec;
    rec.config.exposed_ports = {"443/tcp", "80/tcp"};
    rec.ports = {{"", 8080, 80, "tcp", 0}};
    EXPECT_EQ(ports_text(rec), "") << "no network of its own: nothing published";
    rec.sandbox_key = "/run/tug/netns/x";
    EXPECT_EQ(ports_text(rec), "0.0.0.0:8080->80/tcp, 443/tcp");
}

TEST(MountsText, NamesAndSourcesLikeDockerPs) {
    ContainerRecord rec;
    tug::engine::MountSpec vol;
    vol.type = tug::engine::MountType::Volume;
    vol.source = "0123456789abcdef0123";
    vol.destination = "/data";
    tug::engine::MountSpec bind;
    bind.type = tug::engine::MountType::Bind;
    bind.source = "/etc/hosts";
    bind.destination = "/h";
    tug::engine::MountSpec tmp;
    tmp.type = tug::engine::MountType::Tmpfs;
    tmp.destination = "/t";
    tmp.origin = tug::engine::MountSpec::Origin::TmpfsFlag;
    rec.mounts = {vol, bind, tmp};
    EXPECT_EQ(mounts_text(rec, false), "0123456789abcd\u2026,/etc/hosts");
    EXPECT_EQ(mounts_text(rec, true), "0123456789abcdef0123,/etc/hosts");
    EXPECT_EQ(local_volumes(rec), 1);
}
