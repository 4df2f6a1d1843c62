// human_size / bytes_size / human_duration / truncate_id against docker's go-units output.
#include <gtest/gtest.h>

#include "cli/output/go_value.hpp"
#include "cli/output/human.hpp"

namespace {

using namespace tug::cli::output;

TEST(Human, Size) {
    EXPECT_EQ(human_size(0), "0B");
    EXPECT_EQ(human_size(999), "999B");
    EXPECT_EQ(human_size(1000), "1kB");
    EXPECT_EQ(human_size(1200), "1.2kB");
    EXPECT_EQ(human_size(4260000), "4.26MB");
    EXPECT_EQ(human_size(123456789), "123MB");
    EXPECT_EQ(human_size(7'810'000'000), "7.81GB");
    EXPECT_EQ(human_size(999999), "1e+03kB");  // go-units' own rounding artefact
}

TEST(Human, BytesSize) {
    EXPECT_EQ(bytes_size(512), "512B");
    EXPECT_EQ(bytes_size(1536), "1.5KiB");
    EXPECT_EQ(bytes_size(4194304), "4MiB");
    EXPECT_EQ(bytes_size(4194304000), "3.906GiB");
}

TEST(Human, Duration) {
    EXPECT_EQ(human_duration(0), "Less than a second");
    EXPECT_EQ(human_duration(0.5), "Less than a second");
    EXPECT_EQ(human_duration(-3), "Less than a second");
    EXPECT_EQ(human_duration(1), "1 second");
    EXPECT_EQ(human_duration(3), "3 seconds");
    EXPECT_EQ(human_duration(59), "59 seconds");
    EXPECT_EQ(human_duration(60), "About a minute");
    EXPECT_EQ(human_duration(119), "About a minute");
    EXPECT_EQ(human_duration(300), "5 minutes");
    EXPECT_EQ(human_duration(3599), "59 minutes");
    EXPECT_EQ(human_duration(3600), "About an hour");
    EXPECT_EQ(human_duration(5040), "About an hour");
    EXPECT_EQ(human_duration(3 * 3600), "3 hours");
    EXPECT_EQ(human_duration(47 * 3600), "47 hours");
    EXPECT_EQ(human_duration(48 * 3600), "2 days");
    EXPECT_EQ(human_duration(21 * 86400), "3 weeks");
    EXPECT_EQ(human_duration(120 * 86400), "4 months");
    EXPECT_EQ(human_duration(730 * 86400), "2 years");
}

TEST(Human, TruncateId) {
    EXPECT_EQ(truncate_id("sha256:0123456789abcdef0123"), "0123456789ab");
    EXPECT_EQ(truncate_id("0123456789abcdef"), "0123456789ab");
    EXPECT_EQ(truncate_id("abc"), "abc");
}

TEST(GoValue, FloatsPrintLikeGo) {
    EXPECT_EQ(go_print(1e6), "1e+06");
    EXPECT_EQ(go_print(123456.0), "123456");
    EXPECT_EQ(go_print(1e-5), "1e-05");
    EXPECT_EQ(go_print(3.0), "3");
    EXPECT_EQ(go_print(-0.25), "-0.25");
    EXPECT_EQ(go_print(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(go_json(1e21), "1e+21");
    EXPECT_EQ(go_json(1e-7), "1e-7");
    EXPECT_EQ(go_json(1e20), "100000000000000000000");
    EXPECT_EQ(go_json(100.0), "100");
    EXPECT_EQ(go_json(0.0), "0");
}

TEST(GoValue, JsonStrings) {
    EXPECT_EQ(go_json("a\"b\\c\n\t\x01<>&"), R"("a\"b\\c\n\t\u0001<>&")");
    EXPECT_EQ(go_json("<>&", -1, true), R"("\u003c\u003e\u0026")");
    EXPECT_EQ(go_json("bad\xff"), R"("bad\ufffd")");
    EXPECT_EQ(go_json("\xe2\x80\xa8"), R"("\u2028")");
    EXPECT_EQ(go_json(nlohmann::json::object()), "{}");
    EXPECT_EQ(go_json(nlohmann::json::array(), 4), "[]");
    EXPECT_EQ(go_quote("a\"\n\x01\xc3\xa9"), R"("a\"\n\x01é")");
}

}  // namespace
