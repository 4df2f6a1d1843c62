// container_restart: stop, then start again, each container in turn like docker.
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"

namespace tug::engine {

std::vector<PerContainerResult> container_restart(const EngineConfig& config,
                                                  const ContainerStopOptions& opts) {
    std::vector<PerContainerResult> out;
    for (const auto& ref : opts.containers) {
        ContainerStopOptions one = opts;
        one.containers = {ref};
        one.for_restart = true;
        // container_stop waits for the monitor to finish, so the start below never sees
        // the old monitor still tearing down.
        PerContainerResult r = container_stop(config, one).front();
        if (!r.error) {
            try {
                container_start(config, {.container = ref});
            } catch (const Error& e) {
                r.error = "Cannot restart container " + ref + ": " + e.message();
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace tug::engine
