// system boot's decision per stopped container: docker's restart-at-daemon-start rules.
#include <gtest/gtest.h>

#include "engine/container/boot.hpp"

using tug::engine::ContainerRecord;
using tug::engine::ContainerStatus;
using tug::engine::container::restart_at_boot;

namespace {

ContainerRecord record(const std::string& policy, int exit_code, bool user_stopped,
                       int max_retries = 0, int restarts = 0) {
    ContainerRecord r;
    r.state.status = ContainerStatus::Exited;
    r.state.exit_code = exit_code;
    r.state.started_ns = 1796396400LL * 1000000000LL;
    r.state.restart_count = restarts;
    r.state.stop_requested = user_stopped;
    r.host.restart_policy = {policy, max_retries};
    return r;
}

}  // namespace

TEST(BootPolicy, AlwaysComesBackEvenAfterAUserStop) {
    EXPECT_TRUE(restart_at_boot(record("always", 255, false)));
    EXPECT_TRUE(restart_at_boot(record("always", 137, true)));
    EXPECT_TRUE(restart_at_boot(record("always", 0, false)));
}

TEST(BootPolicy, UnlessStoppedHonoursTheUsersStop) {
    EXPECT_TRUE(restart_at_boot(record("unless-stopped", 255, false)));
    EXPECT_FALSE(restart_at_boot(record("unless-stopped", 137, true)));
}

TEST(BootPolicy, OnFailureNeedsAFailureAndRetriesLeft) {
    EXPECT_TRUE(restart_at_boot(record("on-failure", 255, false)));
    EXPECT_FALSE(restart_at_boot(record("on-failure", 0, false)));
    EXPECT_TRUE(restart_at_boot(record("on-failure", 1, false, 3, 2)));
    EXPECT_FALSE(restart_at_boot(record("on-failure", 1, false, 3, 3)));
}

TEST(BootPolicy, NoPolicyNeverStartedOrAutoRemoveStayDown) {
    EXPECT_FALSE(restart_at_boot(record("no", 255, false)));
    ContainerRecord created = record("always", 0, false);
    created.state.started_ns = 0;
    EXPECT_FALSE(restart_at_boot(created));
    ContainerRecord auto_remove = record("always", 255, false);
    auto_remove.host.auto_remove = true;
    EXPECT_FALSE(restart_at_boot(auto_remove));
}
