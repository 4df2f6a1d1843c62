// json-file log lines: docker's encoding, line splitting, rotation, reading back.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/logs/json_file.hpp"
#include "engine/logs/timestamp.hpp"

using namespace tug::engine::logs;

TEST(Timestamp, FormatsAndParsesRfc3339Nano) {
    auto t = from_ns(1700000000123456700LL);
    EXPECT_EQ(format_rfc3339nano(t), "2023-11-14T22:13:20.1234567Z");
    EXPECT_EQ(parse_rfc3339_ns("2023-11-14T22:13:20.1234567Z"), 1700000000123456700LL);
    EXPECT_EQ(parse_rfc3339_ns("2023-11-14T23:13:20+01:00"), 1700000000000000000LL);
    EXPECT_EQ(format_rfc3339nano(from_ns(1700000000000000000LL)), "2023-11-14T22:13:20Z");
    EXPECT_FALSE(parse_rfc3339_ns("yesterday"));
}

TEST(JsonFile, LineFormatLikeDocker) {
    auto line = format_line("stdout", "a <b> & \"c\"\n", from_ns(1700000000000000001LL));
    EXPECT_EQ(line,
              "{\"log\":\"a \\u003cb\\u003e \\u0026 \\\"c\\\"\\n\",\"stream\":\"stdout\","
              "\"time\":\"2023-11-14T22:13:20.000000001Z\"}\n");
    auto e = parse_line(line);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->text, "a <b> & \"c\"\n");
    EXPECT_EQ(e->stream, "stdout");
    EXPECT_EQ(e->time_ns, 1700000000000000001LL);
    EXPECT_FALSE(parse_line("{\"log\":\"trunc"));
}

TEST(JsonFile, InvalidUtf8IsReplaced) {
    auto e = parse_line(format_line("stderr", std::string("x\xff\n"), Clock::now()));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->text, "x\xef\xbf\xbd\n");
}

TEST(JsonFile, SplitsLinesAndKeepsStreamsApart) {
    tug::base::TempDir dir("/tmp");
    const std::string path = dir.path() + "/c-json.log";
    {
        JsonFileWriter w(path);
        w.write("stdout", "one\ntw");
        w.write("stderr", "err\n");
        w.write("stdout", "o\nthree");
        w.flush();
    }
    auto all = read_log(path, {});
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].text, "one\n");
    EXPECT_EQ(all[1].text, "err\n");
    EXPECT_EQ(all[1].stream, "stderr");
    EXPECT_EQ(all[2].text, "two\n");
    EXPECT_EQ(all[3].text, "three");
    ReadOptions tail;
    tail.tail = 2;
    auto last = read_log(path, tail);
    ASSERT_EQ(last.size(), 2u);
    EXPECT_EQ(last[0].text, "two\n");
}

TEST(JsonFile, LongLinesBecomePartialEntries) {
    tug::base::TempDir dir("/tmp");
    const std::string path = dir.path() + "/l.log";
    JsonFileWriter w(path);
    w.write("stdout", std::string(kMaxLineBytes + 10, 'x') + "\n");
    auto all = read_log(path, {});
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].text.size(), kMaxLineBytes);
    EXPECT_EQ(all[1].text, std::string(10, 'x') + "\n");
}

TEST(JsonFile, RotationKeepsEveryLineInOrder) {
    tug::base::TempDir dir("/tmp");
    const std::string path = dir.path() + "/r.log";
    JsonFileWriter w(path, 300, 3);
    for (int i = 0; i < 6; ++i) w.write("stdout", "line " + std::to_string(i) + "\n");
    auto all = read_log(path, {});
    // 3 files of at most 300 bytes hold the newest lines; the oldest are gone.
    ASSERT_GE(all.size(), 3u);
    EXPECT_EQ(all.back().text, "line 5\n");
    for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].text, all[i].text);
}

TEST(LogTail, ReadsOnlyCompleteNewLines) {
    tug::base::TempDir dir("/tmp");
    const std::string path = dir.path() + "/t.log";
    JsonFileWriter w(path);
    LogTail t(path);
    EXPECT_TRUE(t.poll().empty());
    w.write("stdout", "a\n");
    auto got = t.poll();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].text, "a\n");
    EXPECT_TRUE(t.poll().empty());
    w.write("stdout", "b\n");
    EXPECT_EQ(t.poll().size(), 1u);
}

// docker's json-file driver makes the log 0640; so does tug under any umask.
TEST(JsonFile, LogIs0640WhateverTheUmask) {
    tug::base::TempDir dir("/tmp");
    const std::string path = dir.path() + "/c-json.log";
    const mode_t old = ::umask(077);
    {
        JsonFileWriter w(path);
        w.write("stdout", "x\n");
    }
    ::umask(old);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
}
