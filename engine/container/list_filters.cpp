// ps's network=, volume=, publish=, expose=, before= and since= filters.
#include "engine/container/list_filters.hpp"

#include "engine/base/error.hpp"
#include "engine/logs/timestamp.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

bool on_network(const json& rec, const std::string& value) {
    if (rec["HostConfig"].value("NetworkMode", std::string()) == value) return true;
    const json nets = rec.value("NetworkSettings", json::object()).value("Networks", json::object());
    if (!nets.is_object()) return false;
    for (const auto& [name, ep] : nets.items()) {
        if (name == value) return true;
        const std::string id = ep.is_object() ? ep.value("NetworkID", std::string()) : "";
        if (!id.empty() && id.rfind(value, 0) == 0) return true;
    }
    return false;
}

// docker: a volume's name (a bind's source) or any mount's destination.
bool has_volume(const json& rec, const std::string& value) {
    const json mounts = rec.value("Mounts", json::array());
    if (!mounts.is_array()) return false;
    for (const auto& m : mounts) {
        const std::string name = m.value("Name", std::string());
        if (m.value("Destination", std::string()) == value) return true;
        if ((name.empty() ? m.value("Source", std::string()) : name) == value) return true;
    }
    return false;
}

bool has_port(const json& ports, const std::string& value) {
    if (!ports.is_object()) return false;
    for (const auto& p : filter_ports(value))
        if (ports.contains(p)) return true;
    return false;
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

std::optional<bool> match_attachment_filter(const json& rec, const std::string& key, const std::string& value) {
    if (key == "network") return on_network(rec, value);
    if (key == "volume") return has_volume(rec, value);
    if (key == "publish") return has_port(rec["HostConfig"].value("PortBindings", json::object()), value);
    if (key == "expose") return has_port(rec["Config"].value("ExposedPorts", json::object()), value);
    // before/since values were replaced by the reference container's Created.
    if (key == "before" || key == "since") {
        const auto mine = logs::parse_rfc3339_ns(rec["Created"].get<std::string>()).value_or(0);
        const auto ref = logs::parse_rfc3339_ns(value).value_or(0);
        return key == "before" ? mine < ref : mine > ref;
    }
    return std::nullopt;
}

}  // namespace tug::engine::container
