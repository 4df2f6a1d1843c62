// json-file log options: docker's accepted values and its error messages.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/logs/json_file_options.hpp"

namespace tug::engine::logs {
namespace {

std::string error_of(const std::map<std::string, std::string>& opts) {
    try {
        parse_json_file_options(opts);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::InvalidArgument);
        return e.message();
    }
    return "";
}

TEST(JsonFileOptionsTest, AcceptsDockerValues) {
    auto o = parse_json_file_options({{"max-size", "10m"}, {"max-file", "3"}});
    EXPECT_EQ(o.max_size, 10000000u);
    EXPECT_EQ(o.max_files, 3);
    EXPECT_EQ(parse_json_file_options({}).max_size, 0u);
    EXPECT_EQ(parse_json_file_options({}).max_files, 1);
    EXPECT_EQ(from_human_size("1k"), 1000);
    EXPECT_EQ(from_human_size("1.5KB"), 1500);
    EXPECT_EQ(from_human_size("2 MiB"), 2000000);
    EXPECT_EQ(from_human_size("123"), 123);
    EXPECT_EQ(go_atoi("+7"), 7);
    EXPECT_EQ(go_atoi("-7"), -7);
}

TEST(JsonFileOptionsTest, RejectsWithDockerMessages) {
    EXPECT_EQ(error_of({{"max-file", "abc"}}), "strconv.Atoi: parsing \"abc\": invalid syntax");
    EXPECT_EQ(error_of({{"max-file", ""}}), "strconv.Atoi: parsing \"\": invalid syntax");
    EXPECT_EQ(error_of({{"max-file", "99999999999999999999"}}),
              "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
    EXPECT_EQ(error_of({{"max-file", "0"}}), "max-file cannot be less than 1");
    EXPECT_EQ(error_of({{"max-size", "abc"}}), "invalid size: 'abc'");
    EXPECT_EQ(error_of({{"max-size", "1.2.3"}}), "invalid size: '1.2.3'");
    EXPECT_EQ(error_of({{"max-size", "-1"}}), "invalid size: '-1'");
    EXPECT_EQ(error_of({{"max-size", "10x"}}), "invalid size: '10x'");
    EXPECT_EQ(error_of({{"max-size", "0"}}), "max-size must be a positive number");
    EXPECT_EQ(error_of({{"compresss", "1"}}), "unknown log opt 'compresss' for json-file log driver");
}

}  // namespace
}  // namespace tug::engine::logs
