// container_update: resource limits of existing containers (see api/container_update.hpp).
#include "engine/api/container_update.hpp"

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/container/host_validate.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"
#include "engine/spec/resources.hpp"

namespace tug::engine {

namespace {

// The record's resources with the requested ones laid over (docker: zero keeps).
ContainerHostOptions merged(const ContainerResources& have, const ContainerHostOptions& r) {
    auto pick = [](int64_t want, int64_t had) { return want ? want : had; };
    ContainerHostOptions o;
    o.nano_cpus = pick(r.nano_cpus, have.nano_cpus);
    o.cpu_shares = pick(r.cpu_shares, have.cpu_shares);
    o.cpu_period = pick(r.cpu_period, have.cpu_period);
    o.cpu_quota = pick(r.cpu_quota, have.cpu_quota);
    if (r.nano_cpus) o.cpu_period = o.cpu_quota = 0;
    if (r.cpu_period || r.cpu_quota) o.nano_cpus = r.nano_cpus;
    o.cpuset_cpus = r.cpuset_cpus.empty() ? have.cpuset_cpus : r.cpuset_cpus;
    o.cpuset_mems = r.cpuset_mems.empty() ? have.cpuset_mems : r.cpuset_mems;
    o.memory = pick(r.memory, have.memory);
    o.memory_swap = pick(r.memory_swap, have.memory_swap);
    o.memory_reservation = pick(r.memory_reservation, have.memory_reservation);
    o.kernel_memory = r.kernel_memory;
    o.pids_limit = pick(r.pids_limit, have.pids_limit.value_or(0));
    o.blkio_weight = static_cast<uint16_t>(pick(r.blkio_weight, have.blkio_weight));
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
            const ContainerRecord rec = store.get(id);
            ContainerResources resources = rec.host.resources;
            container::record_resources(merged(resources, opts.resources), resources);
            if (container::monitor_alive(config, id)) {
                const auto paths = container::paths_for(config, id);
                const std::string file = paths.state + "/resources.json";
                base::atomic_write_file(
                    file, spec::linux_resources(resources, spec::host_swap_accounting()).dump());
                container::runtime_for(config, rec)->update(id, file);
            }
            store.update(id, [&](ContainerRecord& r) { r.host.resources = resources; });
        } catch (const Error& e) {
            res.error = e.message();
        }
        out.push_back(std::move(res));
    }
    return out;
}

}  // namespace tug::engine
