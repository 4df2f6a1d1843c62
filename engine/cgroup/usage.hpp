// Resource usage read from a cgroup's files, the way docker's stats reports it: CPU
// time, memory without the inactive page cache, block I/O bytes and the pid count, on
// cgroup v1 and v2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/cgroup/location.hpp"

namespace tug::engine::cgroup {

struct Usage {
    uint64_t cpu_ns = 0;        // cpuacct.usage, or cpu.stat usage_usec * 1000
    uint64_t memory = 0;        // usage minus inactive_file (docker's "no cache" usage)
    uint64_t memory_limit = 0;  // 0: unlimited
    uint64_t block_read = 0, block_write = 0;
    uint64_t pids = 0;
};

// Reads what the location's controllers offer; missing files count as zero.
Usage read_usage(const Location& loc);

// Pure parsers, for the files' formats.
// "key value" lines (memory.stat, cpu.stat): the value of key.
std::optional<uint64_t> keyed_value(std::string_view text, std::string_view key);
// v1 blkio.throttle.io_service_bytes: "8:0 Read 4096" lines summed per direction.
std::pair<uint64_t, uint64_t> blkio_v1_bytes(std::string_view text);
// v2 io.stat: "8:0 rbytes=4096 wbytes=0 ..." lines summed.
std::pair<uint64_t, uint64_t> io_stat_v2_bytes(std::string_view text);
// A v2 limit file ("max" or a number); 0 for "max".
uint64_t limit_value(std::string_view text);

// docker's system CPU usage: /proc/stat's first line (user through softirq) in ns.
uint64_t system_cpu_ns();
// /proc/stat's first line parsed; ticks_per_second from sysconf(_SC_CLK_TCK).
uint64_t parse_system_cpu_ns(std::string_view proc_stat, long ticks_per_second);
// Total memory of the host, the limit docker shows for unlimited containers.
uint64_t host_memory();

// Received and transmitted bytes of a /proc/<pid>/net/dev, every interface but lo.
std::pair<uint64_t, uint64_t> net_dev_bytes(std::string_view text);

}  // namespace tug::engine::cgroup
