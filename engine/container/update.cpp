// container_update: resource limits of existing containers (see api/container_update.hpp).
#include "engine/api/container_update.hpp"

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/container/host_validate.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"
#include "engine/spec/resources.hpp"

namespace tug::engine {

using nlohmann::json;

namespace {

// The record's resources with the requested ones laid over (docker: zero keeps).
ContainerHostOptions merged(const json& hc, const ContainerHostOptions& r) {
    auto num = [&](const char* k) { return hc.contains(k) && hc[k].is_number_integer() ? hc[k].get<int64_t>() : 0; };
    auto pick = [](int64_t want, int64_t have) { return want ? want : have; };
    ContainerHostOptions o;
    o.nano_cpus = pick(r.nano_cpus, num("NanoCpus"));
    o.cpu_shares = pick(r.cpu_shares, num("CpuShares"));
    o.cpu_period = pick(r.cpu_period, num("CpuPeriod"));
    o.cpu_quota = pick(r.cpu_quota, num("CpuQuota"));
    if (r.nano_cpus) o.cpu_period = o.cpu_quota = 0;
    if (r.cpu_period || r.cpu_quota) o.nano_cpus = r.nano_cpus;
    o.cpuset_cpus = r.cpuset_cpus.empty() ? hc.value("CpusetCpus", std::string()) : r.cpuset_cpus;
    o.cpuset_mems = r.cpuset_mems.empty() ? hc.value("CpusetMems", std::string()) : r.cpuset_mems;
    o.memory = pick(r.memory, num("Memory"));
    o.memory_swap = pick(r.memory_swap, num("MemorySwap"));
    o.memory_reservation = pick(r.memory_reservation, num("MemoryReservation"));
    o.kernel_memory = r.kernel_memory;
    o.pids_limit = pick(r.pids_limit, num("PidsLimit"));
    o.blkio_weight = static_cast<uint16_t>(pick(r.blkio_weight, num("BlkioWeight")));
    return o;
}

}  // namespace

std::vector<PerContainerResult> container_update(const EngineConfig& config,
                                                 const ContainerUpdateOptions& opts) {
    container::Store store(config);
    std::vector<PerContainerResult> out;
    for (const auto& ref : opts.containers) {
        PerContainerResult res{ref, std::nullopt};
        try {
            const std::string id = store.resolve(ref);
            json hc = store.get(id)["HostConfig"];
            container::record_resources(merged(hc, opts.resources), hc);
            if (container::monitor_alive(config, id)) {
                const auto paths = container::paths_for(config, id);
                const std::string file = paths.state + "/resources.json";
                base::atomic_write_file(file, spec::linux_resources(hc, spec::host_swap_accounting()).dump());
                container::runc_for(config, id).update(id, file);
            }
            store.update(id, [&](json& r) { r["HostConfig"] = hc; });
        } catch (const Error& e) {
            res.error = e.message();
        }
        out.push_back(std::move(res));
    }
    return out;
}

}  // namespace tug::engine
