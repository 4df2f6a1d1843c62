// What `tug system boot` decides per container, apart from doing it (for tests).
#pragma once

#include "engine/api/container_record.hpp"

namespace tug::engine::container {

// docker's RestartManager.ShouldRestart as the daemon applies it on start-up
// (daemon.restore) to a stopped container record: never one that was never started;
// "always" even after a manual stop, "unless-stopped" unless stopped by the user,
// "on-failure" on a non-zero status with retries left.
bool restart_at_boot(const ContainerRecord& rec);

}  // namespace tug::engine::container
