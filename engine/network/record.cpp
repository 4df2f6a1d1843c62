// The network record's own helpers (engine/api/network_record.hpp).
#include "engine/api/network_record.hpp"

#include "engine/logs/timestamp.hpp"

namespace tug::engine {

namespace {

const NetworkIpamConfig* pool4(const NetworkRecord& rec) {
    for (const auto& c : rec.ipam)
        if (!c.subnet.empty() && c.subnet.find(':') == std::string::npos) return &c;
    return nullptr;
}

}  // namespace

std::string NetworkRecord::subnet4() const {
    const auto* c = pool4(*this);
    return c ? c->subnet : "";
}

std::string NetworkRecord::gateway4() const {
    const auto* c = pool4(*this);
    return c ? c->gateway : "";
}

std::string network_created_at(const NetworkRecord& rec) {
    return logs::format_rfc3339nano(rec.created_ns == 0 ? logs::Clock::time_point{}
                                                        : logs::from_ns(rec.created_ns));
}

}  // namespace tug::engine
