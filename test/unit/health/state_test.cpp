// The health state machine: starting/healthy/unhealthy, the failing streak, the start
// period, the log of five, probe scheduling and what ps shows.
#include <gtest/gtest.h>

#include "engine/container/status_text.hpp"
#include "engine/health/duration.hpp"
#include "engine/health/state.hpp"
#include "engine/logs/timestamp.hpp"

using namespace tug::engine::health;
using nlohmann::json;

namespace {

const int64_t kStart = *tug::engine::logs::parse_rfc3339_ns("2026-01-01T12:00:00Z");

Result at(int64_t offset, int code, std::string out = "") {
    return Result{kStart + offset, kStart + offset + kSecond / 10, code, std::move(out)};
}

Probe probe(int retries, int64_t start_period = 0) {
    Probe p;
    p.interval = kSecond;
    p.retries = retries;
    p.start_period = start_period;
    return p;
}

json started() {
    json state = json::object();
    reset_on_start(state);
    return state["Health"];
}

}  // namespace

TEST(HealthState, SuccessMakesHealthy) {
    json h = started();
    EXPECT_EQ(h["Status"], "starting");
    apply_result(h, at(kSecond, 0, "ok\n"), probe(3), kStart);
    EXPECT_EQ(h["Status"], "healthy");
    EXPECT_EQ(h["FailingStreak"], 0);
    ASSERT_EQ(h["Log"].size(), 1u);
    EXPECT_EQ(h["Log"][0]["ExitCode"], 0);
    EXPECT_EQ(h["Log"][0]["Output"], "ok\n");
    EXPECT_EQ(h["Log"][0]["Start"], "2026-01-01T12:00:01Z");
    EXPECT_EQ(h["Log"][0]["End"], "2026-01-01T12:00:01.1Z");
}

TEST(HealthState, RetriesConsecutiveFailuresMakeUnhealthy) {
    json h = started();
    apply_result(h, at(kSecond, 1), probe(2), kStart);
    EXPECT_EQ(h["Status"], "starting");
    EXPECT_EQ(h["FailingStreak"], 1);
    apply_result(h, at(2 * kSecond, 1), probe(2), kStart);
    EXPECT_EQ(h["Status"], "unhealthy");
    EXPECT_EQ(h["FailingStreak"], 2);
    apply_result(h, at(3 * kSecond, 1), probe(2), kStart);
    EXPECT_EQ(h["FailingStreak"], 3);
    // One success is enough to come back.
    apply_result(h, at(4 * kSecond, 0), probe(2), kStart);
    EXPECT_EQ(h["Status"], "healthy");
    EXPECT_EQ(h["FailingStreak"], 0);
}

TEST(HealthState, HealthyStaysHealthyUntilRetries) {
    json h = started();
    apply_result(h, at(kSecond, 0), probe(3), kStart);
    apply_result(h, at(2 * kSecond, 1), probe(3), kStart);
    apply_result(h, at(3 * kSecond, -1), probe(3), kStart);
    EXPECT_EQ(h["Status"], "healthy");
    EXPECT_EQ(h["FailingStreak"], 2);
    apply_result(h, at(4 * kSecond, 1), probe(3), kStart);
    EXPECT_EQ(h["Status"], "unhealthy");
}

TEST(HealthState, StartPeriodFailuresDoNotCount) {
    json h = started();
    const Probe p = probe(1, 10 * kSecond);
    apply_result(h, at(kSecond, 1), p, kStart);
    apply_result(h, at(9 * kSecond, 1), p, kStart);
    EXPECT_EQ(h["Status"], "starting");
    EXPECT_EQ(h["FailingStreak"], 0);
    EXPECT_EQ(h["Log"].size(), 2u);  // still logged
    apply_result(h, at(10 * kSecond, 1), p, kStart);
    EXPECT_EQ(h["Status"], "unhealthy");

    // A success ends the start period: the next failure counts at once.
    json h2 = started();
    apply_result(h2, at(kSecond, 0), p, kStart);
    apply_result(h2, at(2 * kSecond, 1), p, kStart);
    EXPECT_EQ(h2["Status"], "unhealthy");
}

TEST(HealthState, LogKeepsTheLastFive) {
    json h = started();
    for (int i = 0; i < 7; ++i) apply_result(h, at(i * kSecond, i), probe(100), kStart);
    ASSERT_EQ(h["Log"].size(), kMaxLogEntries);
    EXPECT_EQ(h["Log"][0]["ExitCode"], 2);
    EXPECT_EQ(h["Log"][4]["ExitCode"], 6);
}

TEST(HealthState, RestartResetsStatusAndStreakButKeepsLog) {
    json state = json::object();
    reset_on_start(state);
    for (int i = 0; i < 3; ++i) apply_result(state["Health"], at(i * kSecond, 1), probe(2), kStart);
    EXPECT_EQ(state["Health"]["Status"], "unhealthy");
    reset_on_start(state);
    EXPECT_EQ(state["Health"]["Status"], "starting");
    EXPECT_EQ(state["Health"]["FailingStreak"], 0);
    EXPECT_EQ(state["Health"]["Log"].size(), 3u);
}

TEST(HealthOutput, CappedAt4KiBWithEllipsis) {
    OutputBuffer b;
    b.append("hello ");
    b.append("world");
    EXPECT_EQ(b.text(), "hello world");
    OutputBuffer big;
    big.append(std::string(4000, 'a'));
    big.append(std::string(200, 'b'));
    big.append("more");
    const std::string t = big.text();
    EXPECT_EQ(t.size(), kMaxOutput + 3);
    EXPECT_EQ(t.substr(kMaxOutput), "...");
    EXPECT_EQ(t[kMaxOutput - 1], 'b');
}

TEST(HealthOutput, TimeoutWording) {
    EXPECT_EQ(timeout_output(kSecond, ""), "Health check exceeded timeout (1s)");
    EXPECT_EQ(timeout_output(kSecond * 3 / 2, "partial"), "Health check exceeded timeout (1.5s): partial");
}

TEST(HealthSchedule, IntervalsAndStartPeriod) {
    Probe p;
    p.interval = 30 * kSecond;
    p.start_interval = 5 * kSecond;
    EXPECT_EQ(next_delay(p, 0, "starting"), 30 * kSecond);  // no start period
    p.start_period = 60 * kSecond;
    EXPECT_EQ(next_delay(p, 0, "starting"), 5 * kSecond);
    EXPECT_EQ(next_delay(p, 10 * kSecond, "healthy"), 30 * kSecond);
    EXPECT_EQ(next_delay(p, 58 * kSecond, "starting"), 2 * kSecond);  // not past its end
    EXPECT_EQ(next_delay(p, 45 * kSecond, "healthy"), 15 * kSecond);
    EXPECT_EQ(next_delay(p, 61 * kSecond, "starting"), 30 * kSecond);
}

TEST(HealthPs, StatusWordsAndFilterValues) {
    json state = {{"Status", "running"}, {"StartedAt", "2026-01-01T12:00:00Z"}};
    const int64_t now = kStart + 5 * kSecond;
    EXPECT_EQ(health_string(state), "none");
    EXPECT_EQ(tug::engine::container::status_text(state, now), "Up 5 seconds");
    reset_on_start(state);
    EXPECT_EQ(health_string(state), "starting");
    EXPECT_EQ(tug::engine::container::status_text(state, now), "Up 5 seconds (health: starting)");
    state["Health"]["Status"] = "healthy";
    EXPECT_EQ(tug::engine::container::status_text(state, now), "Up 5 seconds (healthy)");
    state["Health"]["Status"] = "unhealthy";
    EXPECT_EQ(tug::engine::container::status_text(state, kStart + 61 * kSecond), "Up About a minute (unhealthy)");
    state["Status"] = "paused";
    EXPECT_EQ(tug::engine::container::status_text(state, now), "Up 5 seconds (Paused)");
    state["Status"] = "exited";
    state["FinishedAt"] = "2026-01-01T12:00:03Z";
    EXPECT_EQ(tug::engine::container::status_text(state, now), "Exited (0) 2 seconds ago");
    for (const char* v : {"starting", "healthy", "unhealthy", "none"}) EXPECT_TRUE(valid_filter_value(v));
    EXPECT_FALSE(valid_filter_value("sick"));
    EXPECT_FALSE(valid_filter_value(""));
}
