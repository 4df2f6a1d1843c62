// Test helper: the message of the InvalidArgument error fn throws ("" when it throws none).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "engine/base/error.hpp"

template <typename Fn>
std::string invalid_argument_message(Fn&& fn) {
    try {
        fn();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument) << e.message();
        return e.message();
    }
    return "";
}
