// Random ids: docker's shape, container, network, volume and exec ids alike.
#include <set>

#include <gtest/gtest.h>

#include "engine/base/random.hpp"

using tug::base::random_id;

TEST(RandomId, SixtyFourHexNeverAllDigitsShort) {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        auto id = random_id();
        ASSERT_EQ(id.size(), 64u);
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
        EXPECT_NE(id.substr(0, 12).find_first_not_of("0123456789"), std::string::npos);
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 50u);
}
