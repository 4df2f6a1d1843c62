// Per-network MASQUERADE rules (see masquerade.hpp).
#include "engine/network/masquerade.hpp"

#include <unistd.h>

#include <string>
#include <vector>

#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {

using nlohmann::json;

namespace {

constexpr const char* kMarkerDir = "/run/tug-cni/masq";

std::vector<std::string> subnets(const json& network) {
    std::vector<std::string> out;
    const json ipam = network.value("IPAM", json::object());
    for (const auto& c : ipam.value("Config", json::array()))
        if (const std::string s = c.value("Subnet", ""); !s.empty()) out.push_back(s);
    return out;
}

bool wanted(const json& network) {
    return record_driver(network) == "bridge" && !network.value("Internal", false) && !record_device(network).empty();
}

std::vector<std::string> rule(const std::string& op, const std::string& subnet, const std::string& device) {
    const bool v6 = subnet.find(':') != std::string::npos;
    return {v6 ? "ip6tables" : "iptables", "-w", "-t", "nat", op, "POSTROUTING", "-s", subnet, "!", "-o", device,
            "-m", "comment", "--comment", "tug " + device, "-j", "MASQUERADE"};
}

std::string marker(const std::string& device) { return std::string(kMarkerDir) + "/" + device; }

}  // namespace

bool masquerade_done(const json& network) {
    return !wanted(network) || ::access(marker(record_device(network)).c_str(), F_OK) == 0;
}

void ensure_masquerade(const json& network) {
    if (!wanted(network)) return;
    const std::string device = record_device(network);
    if (masquerade_done(network)) return;
    for (const auto& s : subnets(network)) {
        if (base::run_capture(rule("-C", s, device)).exit_code == 0) continue;
        auto r = base::run_capture(rule("-A", s, device));
        if (r.exit_code != 0)
            throw Error(Errc::Internal, "add masquerade rule for " + s + " on " + device + ": " + r.err);
    }
    base::make_dirs(kMarkerDir);
    base::atomic_write_file(marker(device), "");
}

void remove_masquerade(const json& network) {
    if (!wanted(network)) return;
    const std::string device = record_device(network);
    for (const auto& s : subnets(network))
        while (base::run_capture(rule("-D", s, device)).exit_code == 0) {
        }
    ::unlink(marker(device).c_str());
}

}  // namespace tug::engine::network
