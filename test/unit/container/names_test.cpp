// Container names and ids as docker makes them, and restart policies.
#include <gtest/gtest.h>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/store.hpp"

using namespace tug::engine::container;

TEST(Names, GeneratedNamesAreValid) {
    for (int i = 0; i < 100; ++i) {
        auto n = generate_name();
        EXPECT_NE(n.find('_'), std::string::npos);
        EXPECT_NO_THROW(validate_name(n));
    }
    EXPECT_THROW(validate_name("-bad"), tug::Error);
    EXPECT_THROW(validate_name("a b"), tug::Error);
    EXPECT_NO_THROW(validate_name("web.1_x-y"));
}

TEST(RestartPolicy, ParsesDockerForms) {
    using tug::engine::parse_restart_policy;
    EXPECT_EQ(parse_restart_policy("no").name, "no");
    EXPECT_EQ(parse_restart_policy("always").name, "always");
    auto p = parse_restart_policy("on-failure:3");
    EXPECT_EQ(p.name, "on-failure");
    EXPECT_EQ(p.max_retries, 3);
    EXPECT_THROW(parse_restart_policy("always:3"), tug::Error);
    EXPECT_THROW(parse_restart_policy("sometimes"), tug::Error);
}
