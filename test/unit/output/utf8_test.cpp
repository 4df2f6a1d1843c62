// UTF-8 decoding, encoding, counting and cutting as Go's unicode/utf8 does them.
#include <gtest/gtest.h>

#include "cli/output/utf8.hpp"

using namespace tug::cli::output;

TEST(Utf8, DecodesAndRejectsLikeGo) {
    const std::string s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xb3";  // a é € 🐳
    size_t i = 0;
    EXPECT_EQ(decode_utf8(s, i), 'a');
    EXPECT_EQ(decode_utf8(s, i), 0xe9);
    EXPECT_EQ(decode_utf8(s, i), 0x20ac);
    EXPECT_EQ(decode_utf8(s, i), 0x1f433);
    EXPECT_EQ(i, s.size());
    for (std::string bad : {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80"}) {
        size_t j = 0;
        EXPECT_EQ(decode_utf8(bad, j), -1) << bad.size();
        EXPECT_EQ(j, 1u);
    }
}

TEST(Utf8, EncodesWithReplacementForNonScalars) {
    std::string out;
    for (uint32_t cp : {0x41u, 0xe9u, 0x20acu, 0x1f433u, 0xd800u, 0x110000u})
        append_utf8(out, cp);
    EXPECT_EQ(out, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xb3\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(Utf8, CountsAndCutsByCharacter) {
    const std::string s = "h\xc3\xa9llo\xff!";
    EXPECT_EQ(utf8_length(s), 7u);
    EXPECT_EQ(s.substr(0, utf8_prefix(s, 2)), "h\xc3\xa9");
    EXPECT_EQ(utf8_prefix(s, 6), s.size() - 1);
    EXPECT_EQ(utf8_prefix(s, 100), s.size());
}
