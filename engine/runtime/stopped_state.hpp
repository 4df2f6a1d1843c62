// What `runc delete` does for a container whose processes are all gone, done in-process:
// remove its cgroups and runc's state directory. Spawning runc for it costs a container
// run about 9 ms, and the monitor does it after every exit.
#pragma once

#include <string>

namespace tug::engine::runtime {

// True when the container `id` under runc's `root` was stopped and its state is now
// removed. False, touching nothing or only what is safe to leave half-done, whenever this
// is not the plain case (init still alive, hooks or Intel RDT configured, a cgroup that
// will not go, a state file this code does not understand): the caller runs
// `runc delete` then. Only for the cgroupfs driver: systemd scopes need runc.
bool remove_stopped_state(const std::string& root, const std::string& id);

}  // namespace tug::engine::runtime
