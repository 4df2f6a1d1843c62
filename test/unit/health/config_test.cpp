// --health-* flags to docker's HealthConfig, the merge with the image's HEALTHCHECK, and
// the probe derived from it.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/health/config.hpp"
#include "engine/health/duration.hpp"
#include "invalid_argument.hpp"

using namespace tug::engine::health;
using tug::engine::HealthcheckOptions;
using nlohmann::json;

namespace {

std::string error_of(const tug::engine::HealthcheckFlags& f) {
    return invalid_argument_message([&] { (void)tug::engine::healthcheck_from_flags(f); });
}

}  // namespace

TEST(HealthFlags, NoneGivenMeansTheImages) {
    EXPECT_EQ(tug::engine::healthcheck_from_flags({}), std::nullopt);
}

TEST(HealthFlags, CmdIsShellForm) {
    tug::engine::HealthcheckFlags f;
    f.cmd = "curl -f http://localhost/";
    f.interval = "1s";
    f.retries = 2;
    auto o = tug::engine::healthcheck_from_flags(f);
    ASSERT_TRUE(o);
    EXPECT_EQ(to_json(*o), json::parse(R"({"Test":["CMD-SHELL","curl -f http://localhost/"],
                                           "Interval":1000000000,"Retries":2})"));
}

TEST(HealthFlags, NoHealthcheckIsNoneAndConflicts) {
    tug::engine::HealthcheckFlags f;
    f.no_healthcheck = true;
    auto o = tug::engine::healthcheck_from_flags(f);
    ASSERT_TRUE(o);
    EXPECT_EQ(to_json(*o), json::parse(R"({"Test":["NONE"]})"));
    f.timeout = "3s";
    EXPECT_EQ(error_of(f), "--no-healthcheck conflicts with --health-* options");
    f.timeout.clear();
    f.cmd = "true";
    EXPECT_EQ(error_of(f), "--no-healthcheck conflicts with --health-* options");
}

TEST(HealthFlags, DockerMessages) {
    tug::engine::HealthcheckFlags f;
    f.interval = "soon";
    EXPECT_EQ(error_of(f),
              "invalid argument \"soon\" for \"--health-interval\" flag: time: invalid duration \"soon\"");
    f = {};
    f.timeout = "-1s";
    EXPECT_EQ(error_of(f), "--health-timeout cannot be negative");
    f = {};
    f.retries = -1;
    EXPECT_EQ(error_of(f), "--health-retries cannot be negative");
    f = {};
    f.start_interval = "-5s";
    EXPECT_EQ(error_of(f), "--health-start-interval cannot be negative");
}

TEST(HealthValidate, DaemonMinimums) {
    HealthcheckOptions o;
    o.interval_ns = 500000;  // 0.5ms
    try {
        validate(o);
        FAIL() << "accepted";
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "Interval in Healthcheck cannot be less than 1ms");
    }
    o.interval_ns = 1000000;
    EXPECT_NO_THROW(validate(o));
    o.start_period_ns = 10;
    EXPECT_THROW(validate(o), tug::Error);
}

TEST(HealthMerge, FlagsOverrideImagePerField) {
    const json image = json::parse(R"({"Test":["CMD","/check"],"Interval":10000000000,
                                       "Timeout":2000000000,"Retries":5})");
    EXPECT_EQ(to_json(*merge(std::nullopt, image)), image);
    EXPECT_FALSE(merge(std::nullopt, json()).has_value());

    HealthcheckOptions user;
    user.interval_ns = kSecond;
    EXPECT_EQ(to_json(*merge(user, image)),
              json::parse(R"({"Test":["CMD","/check"],"Interval":1000000000,
                                                           "Timeout":2000000000,"Retries":5})"));
    user.test = {"CMD-SHELL", "true"};
    user.retries = 1;
    EXPECT_EQ(to_json(*merge(user, image)),
              json::parse(R"({"Test":["CMD-SHELL","true"],"Interval":1000000000,
                                                           "Timeout":2000000000,"Retries":1})"));
    // --no-healthcheck keeps the image's timings but disables the probe.
    const auto none = merge(HealthcheckOptions{{"NONE"}, 0, 0, 0, 0, 0}, image);
    EXPECT_EQ(none->test, std::vector<std::string>{"NONE"});
    EXPECT_EQ(probe_of(none), std::nullopt);
}

TEST(HealthProbe, CommandFormsAndDefaults) {
    auto p = probe_of(from_json(json::parse(R"({"Test":["CMD-SHELL","exit 1"]})")));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->argv, (std::vector<std::string>{"/bin/sh", "-c", "exit 1"}));
    EXPECT_EQ(p->interval, 30 * kSecond);
    EXPECT_EQ(p->timeout, 30 * kSecond);
    EXPECT_EQ(p->start_period, 0);
    EXPECT_EQ(p->start_interval, 5 * kSecond);
    EXPECT_EQ(p->retries, 3);

    p = probe_of(from_json(
        json::parse(R"({"Test":["CMD","/bin/check","-v"],"Interval":1000000000,"Retries":2})")));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->argv, (std::vector<std::string>{"/bin/check", "-v"}));
    EXPECT_EQ(p->interval, kSecond);
    EXPECT_EQ(p->retries, 2);

    EXPECT_EQ(probe_of(std::nullopt), std::nullopt);
    EXPECT_EQ(probe_of(from_json(json::parse(R"({"Interval":1000000000})"))), std::nullopt);
    EXPECT_EQ(probe_of(from_json(json::parse(R"({"Test":["NONE"]})"))), std::nullopt);
    EXPECT_EQ(probe_of(from_json(json::parse(R"({"Test":["HTTP","x"]})"))), std::nullopt);
}
