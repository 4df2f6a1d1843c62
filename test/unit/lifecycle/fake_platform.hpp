// The platform the lifecycle tests run containers on: the fake runtime (named "fake"),
// no rootfs mount and no network, each step logged beside the runtime's calls. A Sandbox
// is an engine of its own in a temporary directory (data root, state dir, an empty rootfs
// directory as the image) whose monitors are this test program re-executed (see main.cpp).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/api/container.hpp"
#include "engine/container/platform.hpp"
#include "test/unit/lifecycle/fake_runtime.hpp"

namespace tug::test {

class FakePlatform final : public engine::container::Platform {
  public:
    void check_runtime(const engine::EngineConfig& config, const std::string& name) const override;
    std::unique_ptr<engine::runtime::OciRuntime> runtime(
        const std::string& name, const engine::runtime::RuntimeContext& ctx) const override;
    void mount_rootfs(const engine::EngineConfig& config, const engine::ContainerRecord& rec,
                      const engine::container::Paths& paths) const override;
    void unmount_rootfs(const engine::container::Paths& paths) const override;
    std::string start_network(const engine::EngineConfig& config, engine::container::Store& store,
                              const engine::ContainerRecord& rec,
                              const engine::container::Paths& paths) const override;
    void stop_network(const engine::EngineConfig& config, const std::string& id) const override;
};

// The engine configuration of a sandbox rooted at dir, on the fake platform.
engine::EngineConfig fake_engine_config(const std::string& dir);

class Sandbox {
  public:
    Sandbox();
    ~Sandbox();
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    const engine::EngineConfig& config() const { return config_; }
    // Creates a container whose process does `behaviour` (see fake_runtime.hpp).
    std::string create(std::vector<std::string> behaviour, const std::string& restart = "no",
                       bool auto_remove = false);
    engine::ContainerRecord record(const std::string& id) const;
    bool exists(const std::string& id) const;
    bool monitor_alive(const std::string& id) const;
    // The runtime's calls for id, and those of one verb.
    std::vector<FakeCall> calls(const std::string& id) const;
    std::vector<FakeCall> calls(const std::string& id, const std::string& verb) const;
    // Polls pred every 10 ms until it holds; false after timeout.
    static bool wait_until(const std::function<bool()>& pred,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Waits until the container's monitor is gone (its run, restarts included, is over).
    bool wait_monitor_gone(const std::string& id,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    // The pid of the monitor of a running container (its process's parent).
    int monitor_pid(const std::string& id) const;
    // What a reboot leaves: every monitor and container killed, the state dir gone.
    void reboot();

  private:
    std::string dir_;
    engine::EngineConfig config_;
};

}  // namespace tug::test
