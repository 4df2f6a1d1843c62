// State changes of a container record (started, exited, failed to start) and the
// teardown of its runtime resources, shared by the monitor and the commands.
#pragma once

#include <string>

#include <memory>
#include "engine/api/config.hpp"
#include "engine/base/error.hpp"
#include "engine/container/store.hpp"

#include "engine/runtime/oci_runtime.hpp"

namespace tug::engine::container {

// The OCI runtime of container id: runtime_name is its HostConfig.Runtime ("" for a
// record that has none: the engine's default), opened through the config's platform with
// the runtime state under the state dir.
std::unique_ptr<runtime::OciRuntime> runtime_for(const EngineConfig& config,
                                                 const std::string& runtime_name,
                                                 const std::string& id);
std::unique_ptr<runtime::OciRuntime> runtime_for(const EngineConfig& config,
                                                 const ContainerRecord& rec);

// The docker-style wait status as an exit code (128+signal for a signal).
void record_started(Store& store, const std::string& id, int pid);
void record_exited(Store& store, const std::string& id, int exit_code, bool oom_killed);
// The container could not start: State.Error, ExitCode (125/126/127), no pid.
void record_start_failed(Store& store, const std::string& id, int exit_code,
                         const std::string& error);

// Whether a monitor is alive for the container (it holds the monitor lock).
bool monitor_alive(const EngineConfig& config, const std::string& id);

// Deletes the runtime's container, unmounts the rootfs and detaches the network. Idempotent and
// serialized by the container's cleanup lock, so the monitor and `rm -f` may both call it.
void teardown_runtime(const EngineConfig& config, const std::string& id);

// Removes the container's state and data directories (after teardown_runtime).
void remove_container_files(const EngineConfig& config, const std::string& id);

// The end of a --rm container (rec, its record): the record goes, and with it, as docker's
// --rm has it, the anonymous volumes no other container uses (failures are logged). Its
// files are the caller's to remove, after teardown_runtime.
void forget_auto_removed(const EngineConfig& config, Store& store, const ContainerRecord& rec);

// A state as docker shows a container whose process vanished with its daemon: exited
// with 255, no pid.
void set_lost(ContainerState& state);
// Records a container whose process vanished with its monitor so (set_lost), finished now.
void record_lost(Store& store, const std::string& id);

// A container whose record says it runs while its monitor is gone (the monitor was
// killed): it is recorded lost, whatever it still holds is released (a process still
// running is killed, the rootfs unmounted, volumes and the network let go), and a --rm
// container is removed, as docker's daemon does with a container whose shim died.
// Nothing happens while a start holds the container or a monitor runs. Returns false
// when the container is gone (removed here or meanwhile).
bool reconcile_lost(const EngineConfig& config, Store& store, const std::string& id);

// Removes path recursively without crossing into other mounts; missing is fine.
void remove_tree_one_fs(const std::string& path);

// Exit code docker reports for an error starting the command (126/127), else 125.
int exit_code_for_start_error(Errc code);

}  // namespace tug::engine::container
