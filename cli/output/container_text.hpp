// How docker's CLI words a container in tables: the STATUS, COMMAND, PORTS and MOUNTS
// columns of `ps`, from the engine's container record.
#pragma once

#include <cstdint>
#include <string>

#include "engine/api/container_record.hpp"

namespace tug::cli::output {

// "Up 3 seconds", "Up 1 minute (healthy)", "Up 2 hours (Paused)", "Exited (0) 2 minutes
// ago", "Restarting (1) 2 seconds ago", "Created", at time now_ns.
std::string status_text(const engine::ContainerState& state, int64_t now_ns);

// Path and Args joined, cut to 20 characters with "…" unless no_trunc, quoted like Go's
// strconv.Quote.
std::string command_text(const engine::ContainerRecord& rec, bool no_trunc);

// "0.0.0.0:8080->80/tcp, 5000/tcp": the bound ports (consecutive ones collapsed into
// ranges), then the exposed ports without a binding, while the container has its network.
std::string ports_text(const engine::ContainerRecord& rec);

// The names of the mounts inspect lists (a volume's name, a bind's source), each cut to
// 15 characters with "…" unless no_trunc, joined with ",".
std::string mounts_text(const engine::ContainerRecord& rec, bool no_trunc);

// How many of those mounts are volumes of the local driver.
int local_volumes(const engine::ContainerRecord& rec);

}  // namespace tug::cli::output
