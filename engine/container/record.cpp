// The container record's own helpers (engine/api/container_record.hpp).
#include "engine/api/container_record.hpp"

#include <array>

namespace tug::engine {

namespace {

constexpr std::array<std::string_view, 7> kStatusNames = {
    "created", "running", "paused", "restarting", "removing", "exited", "dead"};

}  // namespace

std::string_view container_status_name(ContainerStatus s) {
    return kStatusNames.at(static_cast<size_t>(s));
}

std::optional<ContainerStatus> container_status_of(std::string_view name) {
    for (size_t i = 0; i < kStatusNames.size(); ++i)
        if (kStatusNames[i] == name) return static_cast<ContainerStatus>(i);
    return std::nullopt;
}

const ContainerEndpoint* ContainerRecord::endpoint(std::string_view network) const {
    for (const auto& e : endpoints)
        if (e.network == network) return &e;
    return nullptr;
}

ContainerEndpoint* ContainerRecord::endpoint(std::string_view network) {
    return const_cast<ContainerEndpoint*>(std::as_const(*this).endpoint(network));
}

}  // namespace tug::engine
