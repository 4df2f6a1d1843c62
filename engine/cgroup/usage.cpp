// Reading cgroup v1 and v2 usage files and /proc/stat, /proc/<pid>/net/dev.
#include "engine/cgroup/usage.hpp"

#include <sys/sysinfo.h>
#include <unistd.h>

#include <sstream>

#include "engine/base/fs.hpp"

namespace tug::engine::cgroup {

namespace {

std::optional<std::string> read(const std::string& dir, const char* file) {
    if (dir.empty()) return std::nullopt;
    return base::read_file_if_exists(dir + "/" + file);
}

uint64_t number(const std::optional<std::string>& text) {
    if (!text) return 0;
    try {
        return std::stoull(*text);
    } catch (const std::exception&) {
        return 0;
    }
}

// docker subtracts the inactive file cache (total_inactive_file on v1) when it is
// smaller than the usage.
uint64_t without_cache(uint64_t usage, const std::optional<std::string>& stat, std::string_view key) {
    if (!stat) return usage;
    auto inactive = keyed_value(*stat, key);
    return inactive && *inactive < usage ? usage - *inactive : usage;
}

}  // namespace

std::optional<uint64_t> keyed_value(std::string_view text, std::string_view key) {
    std::istringstream in{std::string(text)};
    for (std::string k, v; in >> k >> v;)
        if (k == key) return std::stoull(v);
    return std::nullopt;
}

std::pair<uint64_t, uint64_t> blkio_v1_bytes(std::string_view text) {
    uint64_t r = 0, w = 0;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        std::istringstream l(line);
        std::string dev, op;
        uint64_t v = 0;
        if (!(l >> dev >> op >> v)) continue;  // "Total N" has two fields
        if (op == "Read") r += v;
        else if (op == "Write") w += v;
    }
    return {r, w};
}

std::pair<uint64_t, uint64_t> io_stat_v2_bytes(std::string_view text) {
    uint64_t r = 0, w = 0;
    std::istringstream in{std::string(text)};
    for (std::string word; in >> word;) {
        if (word.rfind("rbytes=", 0) == 0) r += std::stoull(word.substr(7));
        else if (word.rfind("wbytes=", 0) == 0) w += std::stoull(word.substr(7));
    }
    return {r, w};
}

uint64_t limit_value(std::string_view text) {
    if (text.substr(0, 3) == "max") return 0;
    return number(std::string(text));
}

Usage read_usage(const Location& loc) {
    Usage u;
    const std::string v2 = loc.unified;
    // Each controller from its v1 hierarchy when there is one, else from the unified one.
    if (auto d = loc.v1_dir("cpuacct"); !d.empty()) u.cpu_ns = number(read(d, "cpuacct.usage"));
    else if (auto s = read(v2, "cpu.stat")) u.cpu_ns = keyed_value(*s, "usage_usec").value_or(0) * 1000;

    if (auto d = loc.v1_dir("memory"); !d.empty()) {
        u.memory = without_cache(number(read(d, "memory.usage_in_bytes")), read(d, "memory.stat"), "total_inactive_file");
        u.memory_limit = number(read(d, "memory.limit_in_bytes"));
    } else if (auto cur = read(v2, "memory.current")) {
        u.memory = without_cache(number(cur), read(v2, "memory.stat"), "inactive_file");
        u.memory_limit = limit_value(read(v2, "memory.max").value_or("max"));
    }

    if (auto d = loc.v1_dir("blkio"); !d.empty()) {
        auto t = read(d, "blkio.throttle.io_service_bytes_recursive");
        if (!t || t->empty()) t = read(d, "blkio.throttle.io_service_bytes");
        if (t) std::tie(u.block_read, u.block_write) = blkio_v1_bytes(*t);
    } else if (auto s = read(v2, "io.stat")) {
        std::tie(u.block_read, u.block_write) = io_stat_v2_bytes(*s);
    }

    if (auto d = loc.v1_dir("pids"); !d.empty()) u.pids = number(read(d, "pids.current"));
    else u.pids = number(read(v2, "pids.current"));
    return u;
}

uint64_t parse_system_cpu_ns(std::string_view proc_stat, long ticks_per_second) {
    std::istringstream in{std::string(proc_stat.substr(0, proc_stat.find('\n')))};
    std::string label;
    if (!(in >> label) || label != "cpu" || ticks_per_second <= 0) return 0;
    uint64_t ticks = 0, v = 0;
    // user nice system idle iowait irq softirq, as docker's getSystemCPUUsage.
    for (int i = 0; i < 7 && in >> v; ++i) ticks += v;
    return ticks * 1000000000ULL / static_cast<uint64_t>(ticks_per_second);
}

uint64_t system_cpu_ns() {
    return parse_system_cpu_ns(base::read_file_if_exists("/proc/stat").value_or(""), ::sysconf(_SC_CLK_TCK));
}

uint64_t host_memory() {
    struct sysinfo si {};
    if (::sysinfo(&si) != 0) return 0;
    return static_cast<uint64_t>(si.totalram) * si.mem_unit;
}

std::pair<uint64_t, uint64_t> net_dev_bytes(std::string_view text) {
    uint64_t rx = 0, tx = 0;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;  // the two header lines
        std::string name = line.substr(0, colon);
        name.erase(0, name.find_first_not_of(' '));
        if (name == "lo") continue;
        std::istringstream f(line.substr(colon + 1));
        uint64_t v[9] = {};
        for (auto& x : v) f >> x;
        rx += v[0];  // receive bytes
        tx += v[8];  // transmit bytes: after the eight receive fields
    }
    return {rx, tx};
}

}  // namespace tug::engine::cgroup
