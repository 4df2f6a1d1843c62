// Reading CNI results into structs.
#include "cni/result.hpp"

#include "engine/base/error.hpp"

namespace tug::cni {

using nlohmann::json;

int ResultIp::prefix_len() const {
    auto slash = address.find('/');
    if (slash == std::string::npos) return is_v6() ? 128 : 32;
    try {
        return std::stoi(address.substr(slash + 1));
    } catch (...) {
        return -1;
    }
}

const ResultIp* Result::first_ip(bool v6) const {
    const ResultIp* any = nullptr;
    for (const auto& ip : ips) {
        if (ip.is_v6() != v6) continue;
        if (ip.interface && *ip.interface >= 0 && *ip.interface < static_cast<int>(interfaces.size()) &&
            !interfaces[*ip.interface].sandbox.empty()) {
            return &ip;
        }
        if (!any) any = &ip;
    }
    return any;
}

std::string Result::mac_of(const std::string& ifname) const {
    for (const auto& i : interfaces) {
        if (i.name == ifname && !i.sandbox.empty()) return i.mac;
    }
    return {};
}

Result parse_result(const json& j) {
    if (!j.is_object()) throw Error(Errc::InvalidArgument, "invalid CNI result: not an object");
    Result r;
    try {
        r.cni_version = j.value("cniVersion", "");
        for (const auto& i : j.value("interfaces", json::array())) {
            r.interfaces.push_back({i.value("name", ""), i.value("mac", ""), i.value("sandbox", "")});
        }
        for (const auto& ip : j.value("ips", json::array())) {
            ResultIp out;
            out.address = ip.value("address", "");
            out.gateway = ip.value("gateway", "");
            if (ip.contains("interface") && ip["interface"].is_number_integer()) {
                out.interface = ip["interface"].get<int>();
            }
            r.ips.push_back(std::move(out));
        }
        if (j.contains("dns") && j["dns"].is_object()) {
            r.dns_nameservers = j["dns"].value("nameservers", std::vector<std::string>{});
            r.dns_search = j["dns"].value("search", std::vector<std::string>{});
        }
    } catch (const json::exception& e) {
        throw Error(Errc::InvalidArgument, std::string("invalid CNI result: ") + e.what());
    }
    return r;
}

}  // namespace tug::cni
