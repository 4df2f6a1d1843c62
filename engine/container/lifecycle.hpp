// State changes of a container record (started, exited, failed to start) and the
// teardown of its runtime resources, shared by the monitor and the commands.
#pragma once

#include <string>

#include "engine/api/config.hpp"
#include "engine/base/error.hpp"
#include "engine/container/store.hpp"
#include "engine/runtime/runc.hpp"

namespace tug::engine::container {

runtime::Runc runc_for(const EngineConfig& config, const std::string& id);

// The docker-style wait status as an exit code (128+signal for a signal).
void record_started(Store& store, const std::string& id, int pid);
void record_exited(Store& store, const std::string& id, int exit_code, bool oom_killed);
// The container could not start: State.Error, ExitCode (125/126/127), no pid.
void record_start_failed(Store& store, const std::string& id, int exit_code,
                         const std::string& error);

// Whether a monitor is alive for the container (it holds the monitor lock).
bool monitor_alive(const EngineConfig& config, const std::string& id);

// Deletes the runtime's container, unmounts the rootfs and detaches the network. Idempotent and serialized by
// the container's cleanup lock, so the monitor and `rm -f` may both call it.
void teardown_runtime(const EngineConfig& config, const std::string& id);

// Removes the container's state and data directories (after teardown_runtime).
void remove_container_files(const EngineConfig& config, const std::string& id);

// The end of a --rm container (rec, its record): the record goes, and with it, as docker's
// --rm has it, the anonymous volumes no other container uses (failures are logged). Its
// files are the caller's to remove, after teardown_runtime.
void forget_auto_removed(const EngineConfig& config, Store& store, const nlohmann::json& rec);

// Removes path recursively without crossing into other mounts; missing is fine.
void remove_tree_one_fs(const std::string& path);

// Exit code docker reports for an error starting the command (126/127), else 125.
int exit_code_for_start_error(Errc code);

}  // namespace tug::engine::container
