// The lifecycle tests' program. A container's monitor is /proc/self/exe re-executed as
// `<program> __monitor NAMESPACE ID --state-dir DIR [--wait-attach]`, as tug's is: here
// that is this program, which runs the engine's monitor on the fake platform.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <memory>
#include <string>

#include "engine/api/container.hpp"
#include "engine/api/monitor.hpp"
#include "test/unit/lifecycle/fake_platform.hpp"

namespace {

int monitor_entry(int argc, char** argv) {
    std::string state_dir, id;
    bool wait_attach = false;
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--wait-attach") {
            wait_attach = true;
        } else if (a == "--state-dir" && i + 1 < argc) {
            state_dir = argv[++i];
        } else {
            id = a;
        }
    }
    auto config = tug::engine::monitor_engine_config(state_dir, id);
    config.platform = std::make_shared<tug::test::FakePlatform>();
    ::umask(022);
    return tug::engine::monitor_main(config, id, tug::engine::kMonitorSyncFd, wait_attach);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "__monitor") == 0) return monitor_entry(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
