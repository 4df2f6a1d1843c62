// ps's network=, volume=, publish= and expose= filters.
#include "engine/container/list_filters.hpp"

#include <algorithm>

#include "engine/base/error.hpp"

namespace tug::engine::container {

namespace {

bool on_network(const ContainerRecord& rec, const std::string& value) {
    if (rec.host.network_mode == value) return true;
    for (const auto& ep : rec.endpoints) {
        if (ep.network == value) return true;
        if (!ep.network_id.empty() && ep.network_id.starts_with(value)) return true;
    }
    return false;
}

// docker: a volume's name (a bind's source) or any mount's destination, among the
// mounts inspect lists (not --tmpfs).
bool has_volume(const ContainerRecord& rec, const std::string& value) {
    for (const auto& m : rec.mounts) {
        if (m.origin == MountSpec::Origin::TmpfsFlag) continue;
        if (m.destination == value || (m.type != MountType::Tmpfs && m.source == value))
            return true;
    }
    return false;
}

bool has_port(const std::vector<std::string>& keys, const std::string& value) {
    for (const auto& p : filter_ports(value))
        if (std::find(keys.begin(), keys.end(), p) != keys.end()) return true;
    return false;
}

std::vector<std::string> binding_keys(const std::vector<network::PortMapping>& ports) {
    std::vector<std::string> out;
    for (const auto& m : ports)
        out.push_back(std::to_string(m.container_port) + "/" + m.protocol);
    return out;
}

}  // namespace

std::vector<std::string> filter_ports(const std::string& value) {
    const auto slash = value.find('/');
    const std::string proto = slash == std::string::npos ? "tcp" : value.substr(slash + 1);
    const std::string range = value.substr(0, slash);
    const auto dash = range.find('-');
    int lo = 0, hi = 0;
    try {
        size_t used = 0;
        lo = std::stoi(range.substr(0, dash), &used);
        if (used != range.substr(0, dash).size()) throw std::invalid_argument(range);
        hi = dash == std::string::npos ? lo : std::stoi(range.substr(dash + 1));
    } catch (const std::exception&) {
        throw Error(Errc::InvalidArgument, "Invalid range specified for the Port: " + value);
    }
    if (lo <= 0 || hi < lo || hi > 65535 || (proto != "tcp" && proto != "udp" && proto != "sctp"))
        throw Error(Errc::InvalidArgument, "Invalid range specified for the Port: " + value);
    std::vector<std::string> out;
    for (int p = lo; p <= hi; ++p) out.push_back(std::to_string(p) + "/" + proto);
    return out;
}

std::optional<bool> match_attachment_filter(const ContainerRecord& rec, const std::string& key,
                                            const std::string& value) {
    if (key == "network") return on_network(rec, value);
    if (key == "volume") return has_volume(rec, value);
    if (key == "publish") return has_port(binding_keys(rec.host.port_bindings), value);
    if (key == "expose") return has_port(rec.config.exposed_ports, value);
    return std::nullopt;
}

}  // namespace tug::engine::container
