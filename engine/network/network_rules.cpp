// Per-network iptables rules (see network_rules.hpp).
#include "engine/network/network_rules.hpp"

#include <unistd.h>

#include <string>
#include <vector>

#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {


namespace {

constexpr const char* kMarkerDir = "/run/tug-cni/rules";
constexpr const char* kChain = "TUG-FORWARD";

struct Rule {
    bool v6;
    std::string table, chain;
    std::vector<std::string> spec;
};

std::vector<std::string> subnets(const NetworkRecord& network) {
    std::vector<std::string> out;
    for (const auto& c : network.ipam)
        if (!c.subnet.empty()) out.push_back(c.subnet);
    return out;
}

bool is_bridge(const NetworkRecord& network) { return network.driver == "bridge" && !network.device.empty(); }

std::vector<Rule> rules_of(const NetworkRecord& network) {
    const std::string dev = network.device;
    const std::vector<std::string> tag = {"-m", "comment", "--comment", "tug " + dev};
    auto with_tag = [&](std::vector<std::string> spec) {
        spec.insert(spec.end() - 2, tag.begin(), tag.end());
        return spec;
    };
    std::vector<Rule> out;
    bool has4 = false, has6 = false;
    for (const auto& s : subnets(network)) {
        const bool v6 = s.find(':') != std::string::npos;
        (v6 ? has6 : has4) = true;
        if (!network.internal)
            out.push_back({v6, "nat", "POSTROUTING", with_tag({"-s", s, "!", "-o", dev, "-j", "MASQUERADE"})});
    }
    for (bool v6 : {false, true}) {
        if (!(v6 ? has6 : has4)) continue;
        out.push_back({v6, "filter", kChain,
                       with_tag({"-o", dev, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"})});
        out.push_back({v6, "filter", kChain, with_tag({"-i", dev, "-j", "ACCEPT"})});
    }
    return out;
}

base::CaptureResult ipt(const base::ChildEnv& child, bool v6, std::vector<std::string> args) {
    args.insert(args.begin(), {v6 ? "ip6tables" : "iptables", "-w"});
    return base::run_capture(args, child);
}

base::CaptureResult apply(const base::ChildEnv& child, const Rule& r, const char* op) {
    std::vector<std::string> args = {"-t", r.table, op, r.chain};
    args.insert(args.end(), r.spec.begin(), r.spec.end());
    return ipt(child, r.v6, args);
}

// TUG-FORWARD, jumped to first thing in FORWARD (before a DROP policy or docker's rules).
void ensure_forward_chain(const base::ChildEnv& child, bool v6) {
    ipt(child, v6, {"-t", "filter", "-N", kChain});  // fails harmlessly when it exists
    const std::vector<std::string> jump = {"FORWARD", "-m", "comment", "--comment", "tug networks", "-j", kChain};
    std::vector<std::string> check = {"-t", "filter", "-C"};
    check.insert(check.end(), jump.begin(), jump.end());
    if (ipt(child, v6, check).exit_code == 0) return;
    std::vector<std::string> insert = {"-t", "filter", "-I"};
    insert.insert(insert.end(), jump.begin(), jump.end());
    if (auto r = ipt(child, v6, insert); r.exit_code != 0)
        throw Error(Errc::Internal, std::string("add the ") + kChain + " jump: " + r.err);
}

std::string marker(const std::string& device) { return std::string(kMarkerDir) + "/" + device; }

}  // namespace

bool network_rules_done(const NetworkRecord& network) {
    return !is_bridge(network) || ::access(marker(network.device).c_str(), F_OK) == 0;
}

void ensure_network_rules(const NetworkRecord& network, const base::ChildEnv& child) {
    if (network_rules_done(network)) return;
    const auto rules = rules_of(network);
    for (bool v6 : {false, true})
        for (const auto& r : rules)
            if (r.v6 == v6 && r.table == "filter") {
                ensure_forward_chain(child, v6);
                break;
            }
    for (const auto& r : rules) {
        if (apply(child, r, "-C").exit_code == 0) continue;
        if (auto res = apply(child, r, "-A"); res.exit_code != 0)
            throw Error(Errc::Internal, "add iptables rule for " + network.device + ": " + res.err);
    }
    base::make_dirs(kMarkerDir);
    base::atomic_write_file(marker(network.device), "");
}

void remove_network_rules(const NetworkRecord& network, const base::ChildEnv& child) {
    if (!is_bridge(network)) return;
    for (const auto& r : rules_of(network))
        while (apply(child, r, "-D").exit_code == 0) {
        }
    ::unlink(marker(network.device).c_str());
}

}  // namespace tug::engine::network
