// Field splitting with Go's semantics, and Go's path.Clean.
#include <gtest/gtest.h>

#include "engine/base/paths.hpp"
#include "engine/base/strings.hpp"

using namespace tug::base;
using V = std::vector<std::string>;

TEST(Split, KeepsEmptyFieldsLikeGo) {
    EXPECT_EQ(split("a,,b", ','), (V{"a", "", "b"}));
    EXPECT_EQ(split("", ','), (V{""}));
    EXPECT_EQ(split("a,", ','), (V{"a", ""}));
}

TEST(Split, NonEmptyDropsThem) {
    EXPECT_EQ(split_nonempty("a,,b,", ','), (V{"a", "b"}));
    EXPECT_EQ(split_nonempty("", ','), V{});
    EXPECT_EQ(split_nonempty(":/bin::/usr/bin:", ':'), (V{"/bin", "/usr/bin"}));
}

TEST(Split, AtMostNFields) {
    EXPECT_EQ(split_n("a:b:c:d", ':', 2), (V{"a", "b:c:d"}));
    EXPECT_EQ(split_n("a", ':', 3), (V{"a"}));
    EXPECT_EQ(split_n("a:b", ':', 1), (V{"a:b"}));
}

TEST(CleanPath, GoRules) {
    EXPECT_EQ(clean_path("/a//b/../c/."), "/a/c");
    EXPECT_EQ(clean_path("/a//b/./c/.."), "/a/b");
    EXPECT_EQ(clean_path("../x/./y/"), "../x/y");
    EXPECT_EQ(clean_path("/.."), "/");
    EXPECT_EQ(clean_path(""), ".");
}
