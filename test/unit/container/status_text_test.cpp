// ps wording (docker's formatter and go-units), names and restart policies.
#include <gtest/gtest.h>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/status_text.hpp"
#include "engine/container/store.hpp"
#include "engine/logs/timestamp.hpp"

using namespace tug::engine::container;
using nlohmann::json;

namespace {
constexpr int64_t kSec = 1000000000LL;
const int64_t kNow = *tug::engine::logs::parse_rfc3339_ns("2026-01-01T12:00:00Z");
}  // namespace

TEST(HumanDuration, GoUnitsWording) {
    EXPECT_EQ(human_duration(kSec / 2), "Less than a second");
    EXPECT_EQ(human_duration(1 * kSec), "1 second");
    EXPECT_EQ(human_duration(3 * kSec), "3 seconds");
    EXPECT_EQ(human_duration(90 * kSec), "About a minute");
    EXPECT_EQ(human_duration(5 * 60 * kSec), "5 minutes");
    EXPECT_EQ(human_duration(61 * 60 * kSec), "About an hour");
    EXPECT_EQ(human_duration(5 * 3600 * kSec), "5 hours");
    EXPECT_EQ(human_duration(3 * 86400 * kSec), "3 days");
    EXPECT_EQ(human_duration(21 * 86400 * kSec), "3 weeks");
    EXPECT_EQ(human_duration(90 * 86400 * kSec), "3 months");
    EXPECT_EQ(human_duration(800 * 86400 * kSec), "2 years");
}

TEST(StatusText, DockerWording) {
    EXPECT_EQ(status_text({{"Status", "running"}, {"StartedAt", "2026-01-01T11:59:57Z"}}, kNow), "Up 3 seconds");
    EXPECT_EQ(status_text({{"Status", "exited"}, {"ExitCode", 0}, {"FinishedAt", "2026-01-01T11:58:00Z"}}, kNow),
              "Exited (0) 2 minutes ago");
    EXPECT_EQ(status_text({{"Status", "created"}}, kNow), "Created");
    EXPECT_EQ(status_text({{"Status", "restarting"}, {"ExitCode", 1}, {"FinishedAt", "2026-01-01T11:59:58Z"}}, kNow),
              "Restarting (1) 2 seconds ago");
    EXPECT_EQ(status_text({{"Status", "exited"}, {"ExitCode", 137}, {"FinishedAt", "0001-01-01T00:00:00Z"}}, kNow),
              "Exited (137)");
}

TEST(CommandText, TruncatedAndQuoted) {
    json rec = {{"Path", "sh"}, {"Args", {"-c", "echo hello world; sleep 100"}}};
    EXPECT_EQ(command_text(rec, false), "\"sh -c echo hello wo\u2026\"");
    EXPECT_EQ(command_text(rec, true), "\"sh -c echo hello world; sleep 100\"");
    json q = {{"Path", "echo"}, {"Args", {"\"x\""}}};
    EXPECT_EQ(command_text(q, false), "\"echo \\\"x\\\"\"");
}

TEST(Names, GeneratedNamesAreValid) {
    for (int i = 0; i < 100; ++i) {
        auto n = generate_name();
        EXPECT_NE(n.find('_'), std::string::npos);
        EXPECT_NO_THROW(validate_name(n));
    }
    EXPECT_THROW(validate_name("-bad"), tug::Error);
    EXPECT_THROW(validate_name("a b"), tug::Error);
    EXPECT_NO_THROW(validate_name("web.1_x-y"));
}

TEST(RestartPolicy, ParsesDockerForms) {
    using tug::engine::parse_restart_policy;
    EXPECT_EQ(parse_restart_policy("no").name, "no");
    EXPECT_EQ(parse_restart_policy("always").name, "always");
    auto p = parse_restart_policy("on-failure:3");
    EXPECT_EQ(p.name, "on-failure");
    EXPECT_EQ(p.max_retries, 3);
    EXPECT_THROW(parse_restart_policy("always:3"), tug::Error);
    EXPECT_THROW(parse_restart_policy("sometimes"), tug::Error);
}
