// Unit tests for tug.toml parsing and the flag > environment > file > default order.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "cli/config_file.hpp"
#include "cli/global_options.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace tug;
using namespace tug::cli;

namespace {

class ConfigTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* v : {"TUG_DATA_ROOT", "TUG_STATE_DIR", "TUG_NAMESPACE", "TUG_CONFIG",
                              "TUG_RUNTIME", "TUG_CNI_PATH", "TUG_INSECURE_REGISTRY", "TUG_DEBUG"}) {
            ::unsetenv(v);
        }
    }
    std::string write(const std::string& text) {
        const std::string path = dir_.path() + "/tug.toml";
        base::atomic_write_file(path, text);
        return path;
    }
    std::string error_of(const std::string& text) {
        const std::string path = write(text);
        try {
            load_config_file(path, true);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::InvalidArgument);
            return e.message();
        }
        return "(no error)";
    }
    base::TempDir dir_{fs::temp_directory_path().string()};
};

TEST_F(ConfigTest, ReadsKnownKeys) {
    auto cfg = load_config_file(write("data_root = \"/srv/tug\"\n"
                                      "insecure_registries = [\"reg.local:5000\"]\n"
                                      "cni_path = \"/opt/x\"\n"
                                      "max_concurrent_downloads = 6\n"
                                      "debug = true\n"),
                                true);
    EXPECT_TRUE(cfg.found);
    EXPECT_EQ(cfg.data_root, "/srv/tug");
    ASSERT_TRUE(cfg.insecure_registries);
    EXPECT_EQ(cfg.insecure_registries->at(0), "reg.local:5000");
    EXPECT_EQ(cfg.cni_path->at(0), "/opt/x");
    EXPECT_EQ(cfg.max_concurrent_downloads, 6);
    EXPECT_EQ(cfg.debug, true);
}

TEST_F(ConfigTest, UnknownKeyNamesFileAndLine) {
    const std::string msg = error_of("data_root = \"/x\"\n\ndataroot = \"/y\"\n");
    EXPECT_EQ(msg, dir_.path() + "/tug.toml:3: unknown key \"dataroot\"");
}

TEST_F(ConfigTest, TypeErrorNamesFileAndLine) {
    EXPECT_EQ(error_of("debug = \"yes\"\n"), dir_.path() + "/tug.toml:1: debug must be a boolean");
    EXPECT_EQ(error_of("\nmax_concurrent_downloads = \"3\"\n"),
              dir_.path() + "/tug.toml:2: max_concurrent_downloads must be an integer");
    EXPECT_EQ(error_of("insecure_registries = [1]\n"),
              dir_.path() + "/tug.toml:1: insecure_registries must be a list of strings");
}

TEST_F(ConfigTest, SyntaxErrorNamesFileAndLine) {
    const std::string msg = error_of("data_root = \"/x\"\nstate_dir = \n");
    EXPECT_EQ(msg.rfind(dir_.path() + "/tug.toml:2: ", 0), 0u) << msg;
}

TEST_F(ConfigTest, MissingFileIsFineUnlessRequired) {
    EXPECT_FALSE(load_config_file(dir_.path() + "/none.toml", false).found);
    EXPECT_THROW(load_config_file(dir_.path() + "/none.toml", true), Error);
}

TEST_F(ConfigTest, PrecedenceFlagThenEnvThenFileThenDefault) {
    GlobalFlags flags;
    flags.config = write("data_root = \"/from/file\"\nstate_dir = \"/file/state\"\n"
                         "runtime = \"crun\"\n");
    auto r = resolve_config(flags);
    EXPECT_EQ(r.engine.data_root, "/from/file");
    EXPECT_EQ(r.engine.namespace_, "default");  // default
    EXPECT_EQ(r.config_file, *flags.config);

    ::setenv("TUG_DATA_ROOT", "/from/env", 1);
    ::setenv("TUG_STATE_DIR", "/env/state", 1);
    r = resolve_config(flags);
    EXPECT_EQ(r.engine.data_root, "/from/env");

    flags.data_root = "/from/flag";
    r = resolve_config(flags);
    EXPECT_EQ(r.engine.data_root, "/from/flag");
    EXPECT_EQ(r.engine.state_dir, "/env/state");
    EXPECT_EQ(r.engine.runtime, "crun");
}

TEST_F(ConfigTest, CniPathsEndWithTheStandardDirectories) {
    GlobalFlags flags;
    flags.config = write("");
    flags.cni_path = {"/mine"};
    auto r = resolve_config(flags);
    ASSERT_GE(r.engine.cni_paths.size(), 2u);
    EXPECT_EQ(r.engine.cni_paths.front(), "/mine");
    EXPECT_EQ(r.engine.cni_paths.back(), default_cni_paths().back());
}

}  // namespace
