// The one place networking looks up containers: `network connect/disconnect` arguments.
#include "engine/api/container.hpp"
#include "engine/api/network.hpp"
#include "engine/base/error.hpp"

namespace tug::engine::network {

std::string resolve_container(const EngineConfig& config, const std::string& ref) {
    try {
        return container_resolve_id(config, ref);
    } catch (const Error& e) {
        if (e.code() != Errc::NotFound || !find_attachment(config, ref)) throw;
        return ref;  // attached directly by id (tug __net-attach)
    }
}

}  // namespace tug::engine::network
