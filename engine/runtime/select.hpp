// Which OCI runtime a container runs under: the runtimes tug knows by name (docker's
// `run --runtime`, recorded as HostConfig.Runtime), checked up front so that a runtime
// this host cannot use fails at create with one clear line, not inside the monitor.
#pragma once

#include <memory>
#include <string>

#include "engine/base/child_env.hpp"
#include "engine/runtime/oci_runtime.hpp"

namespace tug::engine::runtime {

// Where a runtime keeps tug's containers and how it is run.
struct RuntimeContext {
    std::string root;  // the runtime's state directory (--root)
    std::string log;   // its log file ("" -> none)
    bool systemd_cgroup = false;
    base::ChildEnv child;  // environment and search path of the runtime's processes
};

// The names `--runtime` accepts: "runc", "crun", and the engine's default runtime
// (configured), which may also be a path to a runc-compatible binary.
bool known_runtime(const std::string& name, const std::string& configured);

// Throws unless name can run containers here: InvalidArgument "unknown or invalid
// runtime name: <name>" (docker's words) when it is not a known name or its binary is not
// on child's search path; FailedPrecondition when the host refuses it (crun on cgroups
// in hybrid mode, see crun_refusal). cgroup_root: where cgroups are mounted.
void check_runtime(const std::string& name, const std::string& configured,
                   const base::ChildEnv& child, const std::string& cgroup_root = "/sys/fs/cgroup");

// Why crun refuses this host's cgroups, "" when it does not. crun runs on cgroup v2 and
// on plain v1, but not on a hybrid host (v1 controllers beside a v2 hierarchy) whose v2
// side has controllers enabled: it fails every create with "cgroups in hybrid mode not
// supported". Debian's default v1 setup is such a host.
std::string crun_refusal(const std::string& cgroup_root);

// The runtime for a name `check_runtime` accepts (or a path): every such runtime takes
// runc's command line, so each is a Runc over its own binary.
std::unique_ptr<OciRuntime> open_runtime(const std::string& name, const RuntimeContext& ctx);

}  // namespace tug::engine::runtime
