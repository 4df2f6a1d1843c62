// Engine API for looking into containers: top (their processes), stats (resource usage
// from cgroups) and cp (copying files in and out of the rootfs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/container_record.hpp"

#include "engine/api/config.hpp"

namespace tug::engine {

// ---- top ----

struct ContainerTopReport {
    std::vector<std::string> titles;                  // ps's header fields
    std::vector<std::vector<std::string>> processes;  // one row per process, as titles
};

// Runs the host's ps with ps_args (docker's default "-ef") and keeps the lines of the
// container's processes, as docker does. Conflict "container <id> is not running";
// Internal with ps's first error line when ps fails.
ContainerTopReport container_top(const EngineConfig& config, const std::string& container,
                                 const std::vector<std::string>& ps_args);

// Pure: ps output filtered to pids, docker's parsing (PID column, "-" thread lines
// after a kept process, the last column keeping its spaces).
ContainerTopReport filter_ps_output(const std::string& ps_output, const std::vector<int>& pids);

// ---- stats ----

struct ContainerStatsOptions {
    std::vector<std::string> containers;  // empty: every running one (all: every one)
    bool all = false;
};

// One container at one moment. Counters are cumulative; the caller takes two samples
// for the CPU percentage.
struct ContainerStats {
    std::string ref;  // as given, or the id when listing
    std::string id, name;
    bool running = false;
    uint64_t cpu_ns = 0, system_cpu_ns = 0;
    unsigned online_cpus = 0;
    uint64_t memory = 0, memory_limit = 0;
    uint64_t net_rx = 0, net_tx = 0;
    uint64_t block_read = 0, block_write = 0;
    uint64_t pids = 0;
};

// NotFound "No such container: <x>" for a named container that does not exist.
std::vector<ContainerStats> container_stats(const EngineConfig& config, const ContainerStatsOptions& opts);

// docker's CPU %: the container's share of the system's CPU time between two samples,
// times the online CPUs. 0 when either delta is not positive.
double cpu_percent(const ContainerStats& before, const ContainerStats& now);
// memory / limit as a percentage; 0 without a limit.
double memory_percent(const ContainerStats& s);

// ---- ps -s ----

struct ContainerSize {
    int64_t rw = 0;       // SizeRw: what the container wrote (its upper dir)
    int64_t root_fs = 0;  // SizeRootFs: that plus its image
};

// Sizes for container records as container_list returns them, in the same order.
std::vector<ContainerSize> container_sizes(const EngineConfig& config,
                                           const std::vector<ContainerRecord>& records);

// ---- cp ----

struct ContainerCopyOptions {
    std::string container;        // as given, for messages
    std::string container_path;   // the path inside the container
    std::string host_path;        // absolute (the caller resolves a relative one), or "-" for a tar
                                  // stream on in_fd / out_fd
    bool to_container = false;    // SRC is on the host
    bool archive = false;         // -a: keep the source's uid/gid
    bool follow_link = false;     // -L: copy what a symlink source points to
    int in_fd = 0, out_fd = 1;
};

struct ContainerCopyReport {
    uint64_t bytes = 0;  // file content copied
};

// docker cp in either direction, on a running or stopped container. Paths in the
// container resolve inside its rootfs (a symlink can never lead out of it). Errors in
// docker's words; what docker's daemon reports is NotFound ("No such container: <c>",
// "Could not find the file <p> in container <c>") or FailedPrecondition ("container
// rootfs is marked read-only"), what its CLI reports is InvalidArgument ("cannot copy
// directory", "no such directory", "lstat <p>: ...", "invalid output path: ...").
ContainerCopyReport container_copy(const EngineConfig& config, const ContainerCopyOptions& opts);

}  // namespace tug::engine
