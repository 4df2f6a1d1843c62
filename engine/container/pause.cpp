// container_pause / container_unpause: the cgroup freezer through runc, mirrored in the
// record so ps and inspect show it.
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"

namespace tug::engine {

namespace {

template <typename Fn>
std::vector<PerContainerResult> each(const EngineConfig& config, const std::vector<std::string>& refs, Fn&& fn) {
    container::Store store(config);
    std::vector<PerContainerResult> out;
    for (const auto& ref : refs) {
        PerContainerResult r{ref, std::nullopt};
        try {
            const std::string id = store.resolve(ref);
            const ContainerRecord rec = store.get(id);
            std::optional<std::string> status;
            if (container::monitor_alive(config, id)) status = container::runtime_for(config, rec)->status(id);
            fn(store, rec, status.value_or(""));
        } catch (const Error& e) {
            r.error = e.message();
        }
        out.push_back(std::move(r));
    }
    return out;
}

void set_paused(container::Store& store, const std::string& id, bool paused) {
    store.update(id, [&](ContainerRecord& r) {
        if (r.state.has_process())
            r.state.status = paused ? ContainerStatus::Paused : ContainerStatus::Running;
    });
}

}  // namespace

std::vector<PerContainerResult> container_pause(const EngineConfig& config,
                                                const std::vector<std::string>& containers) {
    return each(config, containers, [&](container::Store& store, const ContainerRecord& rec, const std::string& status) {
        const std::string& id = rec.id;
        if (status == "paused") throw Error(Errc::Conflict, "Container " + id + " is already paused");
        if (status != "running") throw Error(Errc::Conflict, "Container " + id + " is not running");
        container::runtime_for(config, rec)->pause(id);
        set_paused(store, id, true);
    });
}

std::vector<PerContainerResult> container_unpause(const EngineConfig& config,
                                                  const std::vector<std::string>& containers) {
    return each(config, containers, [&](container::Store& store, const ContainerRecord& rec, const std::string& status) {
        const std::string& id = rec.id;
        if (status != "paused") throw Error(Errc::Conflict, "Container " + id + " is not paused");
        container::runtime_for(config, rec)->resume(id);
        set_paused(store, id, false);
    });
}

}  // namespace tug::engine
