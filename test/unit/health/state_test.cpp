// The health state machine: starting/healthy/unhealthy, the failing streak, the start
// period, the log of five, probe scheduling and ps's filter values.
#include <gtest/gtest.h>

#include "engine/health/duration.hpp"
#include "engine/health/state.hpp"
#include "engine/logs/timestamp.hpp"

using namespace tug::engine::health;

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

// A container's health as the monitor keeps it: the state and the log beside it.
struct Tracked {
    tug::engine::HealthState h;
    std::vector<Result> log;
    void apply(const Result& r, const Probe& p) { apply_result(h, log, r, p, kStart); }
};

}  // namespace

TEST(HealthState, SuccessMakesHealthy) {
    Tracked t;
    EXPECT_EQ(t.h.status, "starting");
    t.apply(at(kSecond, 0, "ok\n"), probe(3));
    EXPECT_EQ(t.h.status, "healthy");
    EXPECT_EQ(t.h.failing_streak, 0);
    ASSERT_EQ(t.log.size(), 1u);
    EXPECT_EQ(t.log[0].exit_code, 0);
    EXPECT_EQ(t.log[0].output, "ok\n");
    EXPECT_EQ(t.log[0].start_ns, kStart + kSecond);
    EXPECT_EQ(t.log[0].end_ns, kStart + kSecond + kSecond / 10);
}

TEST(HealthState, RetriesConsecutiveFailuresMakeUnhealthy) {
    Tracked t;
    t.apply(at(kSecond, 1), probe(2));
    EXPECT_EQ(t.h.status, "starting");
    EXPECT_EQ(t.h.failing_streak, 1);
    t.apply(at(2 * kSecond, 1), probe(2));
    EXPECT_EQ(t.h.status, "unhealthy");
    EXPECT_EQ(t.h.failing_streak, 2);
    t.apply(at(3 * kSecond, 1), probe(2));
    EXPECT_EQ(t.h.failing_streak, 3);
    // One success is enough to come back.
    t.apply(at(4 * kSecond, 0), probe(2));
    EXPECT_EQ(t.h.status, "healthy");
    EXPECT_EQ(t.h.failing_streak, 0);
}

TEST(HealthState, HealthyStaysHealthyUntilRetries) {
    Tracked t;
    t.apply(at(kSecond, 0), probe(3));
    t.apply(at(2 * kSecond, 1), probe(3));
    t.apply(at(3 * kSecond, -1), probe(3));
    EXPECT_EQ(t.h.status, "healthy");
    EXPECT_EQ(t.h.failing_streak, 2);
    t.apply(at(4 * kSecond, 1), probe(3));
    EXPECT_EQ(t.h.status, "unhealthy");
}

TEST(HealthState, StartPeriodFailuresDoNotCount) {
    Tracked t;
    const Probe p = probe(1, 10 * kSecond);
    t.apply(at(kSecond, 1), p);
    t.apply(at(9 * kSecond, 1), p);
    EXPECT_EQ(t.h.status, "starting");
    EXPECT_EQ(t.h.failing_streak, 0);
    EXPECT_EQ(t.log.size(), 2u);  // still logged
    t.apply(at(10 * kSecond, 1), p);
    EXPECT_EQ(t.h.status, "unhealthy");

    // A success ends the start period: the next failure counts at once.
    Tracked t2;
    t2.apply(at(kSecond, 0), p);
    t2.apply(at(2 * kSecond, 1), p);
    EXPECT_EQ(t2.h.status, "unhealthy");
}

TEST(HealthState, LogKeepsTheLastFive) {
    Tracked t;
    for (int i = 0; i < 7; ++i)
        t.apply(at(i * kSecond, i), probe(100));
    ASSERT_EQ(t.log.size(), kMaxLogEntries);
    EXPECT_EQ(t.log[0].exit_code, 2);
    EXPECT_EQ(t.log[4].exit_code, 6);
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

TEST(HealthPs, FilterValues) {
    tug::engine::ContainerState state;
    state.status = tug::engine::ContainerStatus::Running;
    EXPECT_EQ(health_string(state), "none");
    state.health = tug::engine::HealthState{};
    EXPECT_EQ(health_string(state), "starting");
    state.health->status = "unhealthy";
    EXPECT_EQ(health_string(state), "unhealthy");
    for (const char* v : {"starting", "healthy", "unhealthy", "none"}) EXPECT_TRUE(valid_filter_value(v));
    EXPECT_FALSE(valid_filter_value("sick"));
    EXPECT_FALSE(valid_filter_value(""));
}
