// Runtime names and the up-front check of a runtime (engine/runtime/select.hpp).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "engine/base/error.hpp"
#include "engine/runtime/select.hpp"

namespace tug::test {
namespace {

using engine::runtime::check_runtime;
using engine::runtime::crun_refusal;
using engine::runtime::known_runtime;

std::string error_of(const std::function<void()>& fn, Errc* code = nullptr) {
    try {
        fn();
    } catch (const Error& e) {
        if (code) *code = e.code();
        return e.message();
    }
    return {};
}

TEST(RuntimeSelect, KnownNamesAreRuncCrunAndTheConfiguredOne) {
    EXPECT_TRUE(known_runtime("runc", "runc"));
    EXPECT_TRUE(known_runtime("crun", "runc"));
    EXPECT_TRUE(known_runtime("/opt/bin/runc", "/opt/bin/runc"));
    EXPECT_FALSE(known_runtime("/opt/bin/runc", "runc"));
    EXPECT_FALSE(known_runtime("kata", "runc"));
}

TEST(RuntimeSelect, AnUnknownOrMissingRuntimeGetsDockersError) {
    char tmpl[] = "/tmp/trs-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base::ChildEnv empty;
    empty.search_path = {tmpl};  // nothing is installed here
    Errc code{};
    EXPECT_EQ(error_of([&] { check_runtime("kata", "runc", empty); }, &code),
              "unknown or invalid runtime name: kata");
    EXPECT_EQ(code, Errc::InvalidArgument);
    EXPECT_EQ(error_of([&] { check_runtime("crun", "runc", empty); }),
              "unknown or invalid runtime name: crun");
    EXPECT_EQ(error_of([&] { check_runtime("runc", "runc", empty); }),
              "unknown or invalid runtime name: runc");
    std::filesystem::remove_all(tmpl);
}

TEST(RuntimeSelect, CrunIsRefusedOnlyOnHybridCgroupsWithV2Controllers) {
    // A directory that is no cgroup mount at all (a tmpfs /tmp without a cgroup2
    // "unified" below it) is not the hybrid layout crun refuses.
    char tmpl[] = "/tmp/trs-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    std::filesystem::create_directories(std::string(tmpl) + "/unified");
    EXPECT_EQ(crun_refusal(tmpl), "");
    std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace tug::test
