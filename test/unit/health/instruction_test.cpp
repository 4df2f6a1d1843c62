// The Dockerfile HEALTHCHECK instruction as `import --change` takes it.
#include <gtest/gtest.h>

#include "engine/archive/changes.hpp"
#include "engine/base/error.hpp"
#include "engine/health/instruction.hpp"
#include "invalid_argument.hpp"

using namespace tug::engine::health;
using nlohmann::json;

namespace {

std::string error_of(std::string_view args) {
    return invalid_argument_message([&] { (void)parse_instruction(args); });
}

}  // namespace

TEST(HealthInstruction, ShellAndJsonForms) {
    EXPECT_EQ(parse_instruction("CMD curl -f http://localhost/ || exit 1"),
              json::parse(R"({"Test":["CMD-SHELL","curl -f http://localhost/ || exit 1"]})"));
    EXPECT_EQ(parse_instruction(R"(cmd ["/bin/check", "--quick"])"),
              json::parse(R"({"Test":["CMD","/bin/check","--quick"]})"));
    EXPECT_EQ(parse_instruction("NONE"), json::parse(R"({"Test":["NONE"]})"));
}

TEST(HealthInstruction, Flags) {
    EXPECT_EQ(parse_instruction("--interval=5s --timeout=3s --start-period=1m --start-interval=1s --retries=4 CMD true"),
              json::parse(R"({"Test":["CMD-SHELL","true"],"Interval":5000000000,"Timeout":3000000000,
                              "StartPeriod":60000000000,"StartInterval":1000000000,"Retries":4})"));
    EXPECT_EQ(parse_instruction("--interval=0s CMD true"), json::parse(R"({"Test":["CMD-SHELL","true"]})"));
}

TEST(HealthInstruction, DockerErrors) {
    EXPECT_EQ(error_of("PING localhost"), "Unknown type \"PING\" in HEALTHCHECK (try CMD)");
    EXPECT_EQ(error_of("CMD"), "missing command after HEALTHCHECK CMD");
    EXPECT_EQ(error_of("NONE now"), "HEALTHCHECK NONE takes no arguments");
    EXPECT_EQ(error_of("--every=5s CMD true"), "Unknown flag: every");
    EXPECT_EQ(error_of("--retries=-1 CMD true"), "--retries cannot be negative (-1)");
    EXPECT_EQ(error_of("--interval=10us CMD true"), "Interval \"interval\" cannot be less than 1ms");
    EXPECT_EQ(error_of(""), "HEALTHCHECK requires at least one argument");
}

TEST(HealthInstruction, ImportChange) {
    json config = json::object();
    tug::engine::archive::apply_change(config, "HEALTHCHECK --interval=2s CMD wget -q -O- http://localhost/");
    EXPECT_EQ(config["Healthcheck"],
              json::parse(R"({"Test":["CMD-SHELL","wget -q -O- http://localhost/"],"Interval":2000000000})"));
}
