// A fake OCI runtime for the lifecycle tests. Its "container" is a forked child of the
// process that creates it (the monitor, as runc's init would be after runc exits), whose
// behaviour is its bundle's process.args:
//   exit N        exits with N at once
//   run MS N      runs MS milliseconds, then exits with N
//   sleep         runs until signalled (SIGTERM ends it: 143)
//   ignore-term   runs until SIGKILL (137): a process that ignores the stop signal
//   missing       is never created: create fails as runc does for a missing command
// Every call is appended to <root>/calls.log ("<ms> <verb> <id> [args]") so a test can
// assert what the engine asked for, across the test and the monitor processes.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/oci_runtime.hpp"

namespace tug::test {

class FakeRuntime final : public engine::runtime::OciRuntime {
  public:
    explicit FakeRuntime(std::string root) : root_(std::move(root)) {}

    void create(const std::string& id, const std::string& bundle, const std::string& pid_file,
                const std::string& console_socket,
                const engine::runtime::CreateStdio& stdio) override;
    void run_detached(const std::string& id, const std::string& bundle, const std::string& pid_file,
                      const std::string& console_socket,
                      const engine::runtime::CreateStdio& stdio) override;
    void start(const std::string& id) override;
    void kill(const std::string& id, const std::string& signal, bool all = false) override;
    void remove(const std::string& id, bool force) override;
    std::optional<std::string> status(const std::string& id) override;
    void update(const std::string& id, const std::string& resources_file) override;
    base::ChildProcess exec_spawn(const std::string& id,
                                  const engine::runtime::ExecOptions& o) override;
    int exec_status(const std::string& id, const engine::runtime::ExecOptions& o,
                    int wait_status) override;
    void pause(const std::string& id) override;
    void resume(const std::string& id) override;

  private:
    void launch(const std::string& id, const std::string& bundle, const std::string& pid_file,
                const engine::runtime::CreateStdio& stdio, bool created_only);
    void record(const std::string& line) const;
    int pid_of(const std::string& id) const;  // 0 when the runtime does not know id

    std::string root_;
};

// One call from calls.log.
struct FakeCall {
    long long ms = 0;
    std::string verb, id;
    std::vector<std::string> args;
};
// The calls recorded under root for container id ("" for every container).
std::vector<FakeCall> fake_calls(const std::string& root, const std::string& id = "");
// Running: there, and not a zombie waiting for whoever adopted it (a container whose
// init exited is "stopped" for runc too).
bool process_running(int pid);
// Appends a call made by the fake platform (mount, unmount, network) to the same log.
void record_fake_call(const std::string& root, const std::string& verb, const std::string& id);

}  // namespace tug::test
