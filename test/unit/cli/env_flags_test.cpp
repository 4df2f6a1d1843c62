// -e and --env-file as docker's CLI resolves them, before anything reaches the engine.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "cli/env_flags.hpp"
#include "engine/base/error.hpp"
#include "engine/base/temp_dir.hpp"

using tug::cli::expand_env;
using tug::cli::resolve_env_flags;

TEST(ExpandEnv, BareNamesComeFromLookupOrAreDropped) {
    auto lookup = [](const std::string& k) -> std::optional<std::string> {
        if (k == "HOME") return "/root";
        return std::nullopt;
    };
    auto env = expand_env({"# comment\n\nX=1\nHOME\r\n"}, {"Y=a=b", "MISSING", "HOME"}, lookup);
    EXPECT_EQ(env, (std::vector<std::string>{"X=1", "HOME=/root", "Y=a=b", "HOME=/root"}));
    EXPECT_THROW(expand_env({}, {"=x"}, lookup), tug::Error);
}

TEST(ResolveEnvFlags, ReadsFilesAndThisProcesssEnvironment) {
    tug::base::TempDir dir("/tmp", "tug-env-test-");
    std::ofstream(dir.path() + "/vars") << "A=1\nTUG_ENV_TEST_SET\n";
    ::setenv("TUG_ENV_TEST_SET", "from-caller", 1);
    ::unsetenv("TUG_ENV_TEST_UNSET");
    auto env = resolve_env_flags({dir.path() + "/vars"}, {"TUG_ENV_TEST_UNSET", "B=2"});
    EXPECT_EQ(env, (std::vector<std::string>{"A=1", "TUG_ENV_TEST_SET=from-caller", "B=2"}));
    EXPECT_THROW(resolve_env_flags({dir.path() + "/missing"}, {}), tug::Error);
    ::unsetenv("TUG_ENV_TEST_SET");
}
