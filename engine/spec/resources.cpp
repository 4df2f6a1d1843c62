// HostConfig resources -> OCI linux.resources (see resources.hpp).
#include "engine/spec/resources.hpp"

#include <unistd.h>

namespace tug::engine::spec {

using nlohmann::json;

json linux_resources(const ContainerResources& res, bool swap_accounting) {
    json r = json::object();
    json memory = json::object();
    const int64_t mem = res.memory, swap = res.memory_swap;
    if (mem > 0) memory["limit"] = mem;
    if (res.memory_reservation > 0) memory["reservation"] = res.memory_reservation;
    if (swap_accounting && mem > 0) {
        if (swap > 0 || swap == -1) memory["swap"] = swap;
        else memory["swap"] = 2 * mem;
    }
    if (!memory.empty()) r["memory"] = memory;

    json cpu = json::object();
    if (res.cpu_shares > 0) cpu["shares"] = res.cpu_shares;
    if (res.nano_cpus > 0) {
        // docker: a 100 ms period and the matching quota.
        cpu["period"] = 100000;
        cpu["quota"] = res.nano_cpus * 100000 / 1000000000;
    } else {
        if (res.cpu_period > 0) cpu["period"] = res.cpu_period;
        if (res.cpu_quota != 0) cpu["quota"] = res.cpu_quota;
    }
    if (!res.cpuset_cpus.empty()) cpu["cpus"] = res.cpuset_cpus;
    if (!res.cpuset_mems.empty()) cpu["mems"] = res.cpuset_mems;
    if (!cpu.empty()) r["cpu"] = cpu;

    if (const int64_t pids = res.pids_limit.value_or(0); pids != 0)
        r["pids"] = {{"limit", pids > 0 ? pids : -1}};
    if (res.blkio_weight > 0) r["blockIO"] = {{"weight", res.blkio_weight}};
    return r;
}

bool host_cgroup_v2() { return ::access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0; }

bool host_swap_accounting() {
    if (host_cgroup_v2()) return true;
    return ::access("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", F_OK) == 0;
}

}  // namespace tug::engine::spec
