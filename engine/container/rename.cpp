// container_rename: a new unique name, in the names column and the record alike.
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/store.hpp"

namespace tug::engine {

void container_rename(const EngineConfig& config, const std::string& container,
                      const std::string& new_name) {
    std::string name = !new_name.empty() && new_name[0] == '/' ? new_name.substr(1) : new_name;
    if (name.empty()) throw Error(Errc::InvalidArgument, "Neither old nor new names may be empty");
    container::validate_name(name);
    container::Store store(config);
    store.rename(store.resolve(container), name);
}

}  // namespace tug::engine
