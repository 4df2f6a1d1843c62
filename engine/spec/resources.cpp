// HostConfig resources -> OCI linux.resources (see resources.hpp).
#include "engine/spec/resources.hpp"

#include <unistd.h>

namespace tug::engine::spec {

using nlohmann::json;

namespace {

int64_t num(const json& hc, const char* key) {
    auto it = hc.find(key);
    return it != hc.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

json linux_resources(const json& hc, bool swap_accounting) {
    json r = json::object();
    json memory = json::object();
    const int64_t mem = num(hc, "Memory"), swap = num(hc, "MemorySwap");
    if (mem > 0) memory["limit"] = mem;
    if (num(hc, "MemoryReservation") > 0) memory["reservation"] = num(hc, "MemoryReservation");
    if (swap_accounting && mem > 0) {
        if (swap > 0 || swap == -1) memory["swap"] = swap;
        else memory["swap"] = 2 * mem;
    }
    if (!memory.empty()) r["memory"] = memory;

    json cpu = json::object();
    if (num(hc, "CpuShares") > 0) cpu["shares"] = num(hc, "CpuShares");
    if (const int64_t nano = num(hc, "NanoCpus"); nano > 0) {
        // docker: a 100 ms period and the matching quota.
        cpu["period"] = 100000;
        cpu["quota"] = nano * 100000 / 1000000000;
    } else {
        if (num(hc, "CpuPeriod") > 0) cpu["period"] = num(hc, "CpuPeriod");
        if (num(hc, "CpuQuota") != 0) cpu["quota"] = num(hc, "CpuQuota");
    }
    if (!hc.value("CpusetCpus", std::string()).empty()) cpu["cpus"] = hc["CpusetCpus"];
    if (!hc.value("CpusetMems", std::string()).empty()) cpu["mems"] = hc["CpusetMems"];
    if (!cpu.empty()) r["cpu"] = cpu;

    if (const int64_t pids = num(hc, "PidsLimit"); pids != 0) r["pids"] = {{"limit", pids > 0 ? pids : -1}};
    if (num(hc, "BlkioWeight") > 0) r["blockIO"] = {{"weight", num(hc, "BlkioWeight")}};
    return r;
}

bool host_cgroup_v2() { return ::access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0; }

bool host_swap_accounting() {
    if (host_cgroup_v2()) return true;
    return ::access("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", F_OK) == 0;
}

}  // namespace tug::engine::spec
