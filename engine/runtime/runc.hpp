// The OCI runtime for runc's command line: runc, or crun, which takes the same verbs
// and flags, invoked with tug's --root, its errors taken from the runtime's JSON log so
// the user sees the runtime's own words.
#pragma once

#include <optional>
#include <string>

#include "engine/runtime/oci_runtime.hpp"

namespace tug::engine::runtime {

class Runc final : public OciRuntime {
  public:
    // binary: "runc", "crun" or a path (looked up in child.search_path). root: runc's
    // --root. log: its --log file. child: the environment runc runs with.
    Runc(std::string binary, std::string root, std::string log, bool systemd_cgroup,
         base::ChildEnv child);

    // The verbs as runc names them (see OciRuntime for their contracts): create, run
    // --detach (about 20 ms less than create + start), start, kill [--all], delete
    // [--force], state, update --resources, exec --process, pause, resume.
    void create(const std::string& id, const std::string& bundle, const std::string& pid_file,
                const std::string& console_socket, const CreateStdio& stdio) override;
    void run_detached(const std::string& id, const std::string& bundle, const std::string& pid_file,
                      const std::string& console_socket, const CreateStdio& stdio) override;
    void start(const std::string& id) override;
    void kill(const std::string& id, const std::string& signal, bool all = false) override;
    // A stopped container's state is removed in-process where that is safe (see
    // stopped_state.hpp), saving a runc run on every exit.
    void remove(const std::string& id, bool force) override;
    std::optional<std::string> status(const std::string& id) override;
    void update(const std::string& id, const std::string& resources_file) override;
    base::ChildProcess exec_spawn(const std::string& id, const ExecOptions& o) override;
    // Only an error in the runtime's log says the runtime failed: a process may well
    // exit 1 or 255 itself.
    int exec_status(const std::string& id, const ExecOptions& o, int wait_status) override;
    void pause(const std::string& id) override;
    void resume(const std::string& id) override;

  private:
    std::vector<std::string> base_args(const std::string* log = nullptr) const;
    void launch(const std::vector<std::string>& verb, const std::string& id,
                const std::string& bundle, const std::string& pid_file,
                const std::string& console_socket, const CreateStdio& stdio);
    [[noreturn]] void fail(const std::string& op, const std::string& id, const std::string& err,
                           const std::string* log = nullptr);
    std::string last_error(const std::string& log) const;
    void simple(const std::string& op, const std::string& id);

    std::string binary_, root_, log_;
    bool systemd_;
    base::ChildEnv child_;
};

}  // namespace tug::engine::runtime
