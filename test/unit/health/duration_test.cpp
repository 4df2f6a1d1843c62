// Go duration text: what the --health-* flags accept and how docker prints a timeout.
#include <gtest/gtest.h>

#include "engine/health/duration.hpp"

using namespace tug::engine::health;

TEST(GoDuration, ParsesGoSyntax) {
    EXPECT_EQ(parse_go_duration("0"), 0);
    EXPECT_EQ(parse_go_duration("1s"), kSecond);
    EXPECT_EQ(parse_go_duration("1.5s"), kSecond * 3 / 2);
    EXPECT_EQ(parse_go_duration("500ms"), kSecond / 2);
    EXPECT_EQ(parse_go_duration("1m30s"), 90 * kSecond);
    EXPECT_EQ(parse_go_duration("1h"), 3600 * kSecond);
    EXPECT_EQ(parse_go_duration("2us"), 2000);
    EXPECT_EQ(parse_go_duration("2\u00b5s"), 2000);
    EXPECT_EQ(parse_go_duration("7ns"), 7);
    EXPECT_EQ(parse_go_duration(".5s"), kSecond / 2);
    EXPECT_EQ(parse_go_duration("-2s"), -2 * kSecond);
    EXPECT_EQ(parse_go_duration("+3m"), 180 * kSecond);
}

TEST(GoDuration, RejectsWhatGoRejects) {
    for (const char* bad : {"", "s", "10", "1x", "1.s.", "abc", "1s2", "-", ".s", "9999999999h"})
        EXPECT_EQ(parse_go_duration(bad), std::nullopt) << bad;
}

TEST(GoDuration, FormatsLikeGo) {
    EXPECT_EQ(format_go_duration(0), "0s");
    EXPECT_EQ(format_go_duration(kSecond), "1s");
    EXPECT_EQ(format_go_duration(kSecond * 3 / 2), "1.5s");
    EXPECT_EQ(format_go_duration(30 * kSecond), "30s");
    EXPECT_EQ(format_go_duration(60 * kSecond), "1m0s");
    EXPECT_EQ(format_go_duration(90 * kSecond), "1m30s");
    EXPECT_EQ(format_go_duration(3723 * kSecond), "1h2m3s");
    EXPECT_EQ(format_go_duration(250000000), "250ms");
    EXPECT_EQ(format_go_duration(1500), "1.5\u00b5s");
    EXPECT_EQ(format_go_duration(12), "12ns");
    EXPECT_EQ(format_go_duration(-2 * kSecond), "-2s");
}
