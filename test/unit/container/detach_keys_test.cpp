// Detach keys: docker's spec syntax and the escape filter's hold/flush/detach behaviour.
#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/container/detach_keys.hpp"

using namespace tug::engine::container;

TEST(DetachKeys, ParsesDockerSyntax) {
    EXPECT_EQ(parse_detach_keys("ctrl-p,ctrl-q"), std::string("\x10\x11"));
    EXPECT_EQ(parse_detach_keys("ctrl-a,x"), std::string("\x01x"));
    EXPECT_EQ(parse_detach_keys("ctrl-@"), std::string(1, '\0'));
    EXPECT_EQ(parse_detach_keys("ctrl-[,ctrl-_"), std::string("\x1b\x1f"));
    EXPECT_THROW(parse_detach_keys("ctrl-1"), tug::Error);
    EXPECT_THROW(parse_detach_keys("ab"), tug::Error);
    EXPECT_THROW(parse_detach_keys(""), tug::Error);
    try {
        parse_detach_keys("bogus");
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message(), "Invalid detach keys (bogus) provided");
    }
}

TEST(DetachKeys, PassesOrdinaryInput) {
    DetachKeyFilter f(parse_detach_keys("ctrl-p,ctrl-q"));
    EXPECT_EQ(f.feed("ls -l\r"), "ls -l\r");
    EXPECT_FALSE(f.detached());
}

TEST(DetachKeys, DetachesAcrossReads) {
    DetachKeyFilter f(parse_detach_keys("ctrl-p,ctrl-q"));
    EXPECT_EQ(f.feed("ab\x10"), "ab");  // the ctrl-p is held back
    EXPECT_EQ(f.feed("\x11" "after"), "");
    EXPECT_TRUE(f.detached());
}

TEST(DetachKeys, BrokenPrefixIsFlushed) {
    DetachKeyFilter f(parse_detach_keys("ctrl-p,ctrl-q"));
    EXPECT_EQ(f.feed("\x10"), "");
    EXPECT_EQ(f.feed("x"), "\x10x");
    EXPECT_EQ(f.feed("\x10\x10\x11"), "\x10");  // a second ctrl-p restarts the match
    EXPECT_TRUE(f.detached());
}

TEST(DetachKeys, SingleKey) {
    DetachKeyFilter f(parse_detach_keys("ctrl-x"));
    EXPECT_EQ(f.feed("ab\x18" "c"), "ab");
    EXPECT_TRUE(f.detached());
}
