// container_stats: one sample of each container's cgroup counters and network bytes.
#include <unistd.h>

#include "engine/api/container.hpp"
#include "engine/api/container_record.hpp"
#include "engine/api/container_tools.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/cgroup/location.hpp"
#include "engine/cgroup/usage.hpp"

namespace tug::engine {

namespace {

void sample_running(const ContainerRecord& rec, ContainerStats& s) {
    const int pid = rec.state.pid;
    if (pid <= 0) return;
    cgroup::Usage u;
    try {
        u = cgroup::read_usage(cgroup::location_of(pid));
    } catch (const Error& e) {
        if (e.code() != Errc::NotFound) throw;
        return;  // exited between the listing and now: shown as stopped
    }
    s.running = true;
    s.cpu_ns = u.cpu_ns;
    s.memory = u.memory;
    // Unlimited (or above what the host has) shows the host's memory, like docker.
    const uint64_t host = cgroup::host_memory();
    s.memory_limit = u.memory_limit == 0 || (host > 0 && u.memory_limit > host) ? host : u.memory_limit;
    s.block_read = u.block_read;
    s.block_write = u.block_write;
    s.pids = u.pids;
    // The host's interfaces are not the container's: docker shows no traffic for them.
    if (rec.host.network_mode == "host") return;
    if (auto dev = base::read_file_if_exists("/proc/" + std::to_string(pid) + "/net/dev"))
        std::tie(s.net_rx, s.net_tx) = cgroup::net_dev_bytes(*dev);
}

}  // namespace

std::vector<ContainerStats> container_stats(const EngineConfig& config, const ContainerStatsOptions& opts) {
    std::vector<std::pair<std::string, ContainerRecord>> recs;
    if (opts.containers.empty()) {
        ContainerListOptions lo;
        lo.all = opts.all;
        for (auto& r : container_list(config, lo))
            recs.emplace_back(r.id, std::move(r));
    } else {
        for (const auto& ref : opts.containers)
            recs.emplace_back(ref, container_get(config, ref));
    }
    const uint64_t system = cgroup::system_cpu_ns();
    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    std::vector<ContainerStats> out;
    for (const auto& [ref, rec] : recs) {
        ContainerStats s;
        s.ref = ref;
        s.id = rec.id;
        s.name = rec.name;
        s.system_cpu_ns = system;
        s.online_cpus = cpus > 0 ? static_cast<unsigned>(cpus) : 1;
        if (rec.state.has_process()) sample_running(rec, s);
        out.push_back(std::move(s));
    }
    return out;
}

double cpu_percent(const ContainerStats& before, const ContainerStats& now) {
    if (now.cpu_ns <= before.cpu_ns || now.system_cpu_ns <= before.system_cpu_ns) return 0;
    const double cpu = static_cast<double>(now.cpu_ns - before.cpu_ns);
    const double system = static_cast<double>(now.system_cpu_ns - before.system_cpu_ns);
    return cpu / system * now.online_cpus * 100.0;
}

double memory_percent(const ContainerStats& s) {
    if (s.memory_limit == 0) return 0;
    return static_cast<double>(s.memory) / static_cast<double>(s.memory_limit) * 100.0;
}

}  // namespace tug::engine
