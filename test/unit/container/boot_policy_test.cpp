// system boot's decision per stopped container: docker's restart-at-daemon-start rules.
#include <gtest/gtest.h>

#include "engine/container/boot.hpp"

using tug::engine::container::restart_at_boot;
using nlohmann::json;

namespace {

json record(const std::string& policy, int exit_code, bool user_stopped, int max_retries = 0, int restarts = 0) {
    return {{"State", {{"Status", "exited"}, {"ExitCode", exit_code}, {"StartedAt", "2026-12-04T15:00:00Z"}}},
            {"RestartCount", restarts},
            {"HostConfig", {{"RestartPolicy", {{"Name", policy}, {"MaximumRetryCount", max_retries}}}}},
            {"_tug", {{"stop_requested", user_stopped}}}};
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
    json created = record("always", 0, false);
    created["State"]["StartedAt"] = "0001-01-01T00:00:00Z";
    EXPECT_FALSE(restart_at_boot(created));
    json auto_remove = record("always", 255, false);
    auto_remove["HostConfig"]["AutoRemove"] = true;
    EXPECT_FALSE(restart_at_boot(auto_remove));
}
