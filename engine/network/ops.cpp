// network create/ls/inspect/rm/prune: records, subnet allocation, bridge devices.
#include <set>

#include "cni/link.hpp"
#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/log.hpp"
#include "engine/base/random.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/network/network_rules.hpp"
#include "engine/network/attachments.hpp"
#include "engine/network/inspect_json.hpp"
#include "engine/network/store.hpp"

#include <filesystem>
#include <unistd.h>

namespace tug::engine {

using namespace network;

namespace {

void validate_network_name(const std::string& name) {
    bool ok = !name.empty() && std::isalnum(static_cast<unsigned char>(name[0]));
    for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
    if (!ok) throw Error(Errc::InvalidArgument, "invalid network name \"" + name + "\": must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
}

std::string pick(const std::vector<std::string>& values, bool v6) {
    for (const auto& v : values) {
        if ((v.find(':') != std::string::npos) == v6) return v;
    }
    return {};
}

// Normalizes "10.4.1.7/24" to "10.4.1.0/24"; InvalidArgument if not IPv4.
std::string normalize_subnet4(const std::string& s) {
    auto net = cni::parse_ipv4_cidr(s);
    uint32_t mask = net.prefix == 0 ? 0 : ~uint32_t(0) << (32 - net.prefix);
    if (net.prefix > 30) throw Error(Errc::InvalidArgument, "subnet " + s + " is too small");
    return cni::format_ipv4(net.addr & mask) + "/" + std::to_string(net.prefix);
}

std::vector<cni::Ipv4Net> subnets_in_use(Store& store) {
    std::vector<cni::Ipv4Net> used = cni::host_ipv4_routes();
    for (const auto& rec : store.list()) {
        const auto s = rec.subnet4();
        if (!s.empty()) used.push_back(cni::parse_ipv4_cidr(s));
    }
    return used;
}

bool overlaps_any(const cni::Ipv4Net& n, const std::vector<cni::Ipv4Net>& used) {
    for (const auto& u : used) {
        if (n.overlaps(u)) return true;
    }
    return false;
}

bool has_endpoints(const std::string& id, const std::vector<NetworkAttachment>& atts) {
    for (const auto& a : atts) {
        for (const auto& e : a.endpoints) {
            if (e.network_id == id) return true;
        }
    }
    return false;
}

void remove_one(const EngineConfig& config, Store& store, const NetworkRecord& rec) {
    const std::string id = rec.id, name = rec.name;
    if (rec.builtin) {
        throw Error(Errc::FailedPrecondition, name + " is a pre-defined network and cannot be removed");
    }
    if (has_endpoints(id, list_attachments(config))) {
        throw Error(Errc::Conflict, "error while removing network: network " + name + " id " + id +
                                        " has active endpoints");
    }
    store.remove(id);
    const auto p = paths_for(config);
    if (rec.driver == "bridge" && !rec.device.empty() && rec.device != kDefaultBridge) {
        cni::delete_link(rec.device);
        remove_network_rules(rec, config.children);
    }
    ::unlink((p.conflists + "/" + id + ".conflist").c_str());
    std::error_code ec;
    std::filesystem::remove_all(p.ipam + "/" + name, ec);
}

}  // namespace

std::string network_create(const EngineConfig& config, const NetworkCreateOptions& opts) {
    validate_network_name(opts.name);
    if (opts.driver != "bridge" && opts.driver != "macvlan" && opts.driver != "ipvlan") {
        throw Error(Errc::NotFound, "plugin \"" + opts.driver + "\" not found");
    }
    const std::string parent = opts.options.count("parent") ? opts.options.at("parent") : "";
    if (opts.driver != "bridge") {
        if (parent.empty()) throw Error(Errc::InvalidArgument, opts.driver + " network needs -o parent=<host interface>");
        if (!cni::link_exists(parent)) throw Error(Errc::NotFound, "parent interface " + parent + " not found");
    }
    Store store(config);
    store.ensure_defaults();
    if (store.find(opts.name) && store.find(opts.name)->name == opts.name) {
        throw Error(Errc::Conflict, "network with name " + opts.name + " already exists");
    }
    const std::string id = base::random_id();
    std::string device = opts.driver == "bridge" ? "tug-" + id.substr(0, 11) : "";
    if (opts.options.count("com.docker.network.bridge.name")) device = opts.options.at("com.docker.network.bridge.name");
    if (device.size() > 15) throw Error(Errc::InvalidArgument, "bridge name " + device + " is longer than 15 characters");

    // Subnet choice and the bridge (whose route marks the subnet as taken) happen under
    // one host-wide lock, so concurrent creates in any data root never pick the same /24.
    auto lock = base::FileLock::acquire(host_lock_path("subnets"));
    std::string subnet4 = pick(opts.subnets, false), subnet6 = pick(opts.subnets, true);
    const auto used = subnets_in_use(store);
    if (!subnet4.empty()) {
        subnet4 = normalize_subnet4(subnet4);
        if (overlaps_any(cni::parse_ipv4_cidr(subnet4), used)) {
            throw Error(Errc::Conflict, "invalid pool request: Pool overlaps with other one on this address space");
        }
    } else {
        for (int third = 1; third < 256 && subnet4.empty(); ++third) {
            cni::Ipv4Net n{(10u << 24) | (4u << 16) | (static_cast<uint32_t>(third) << 8), 24};
            if (!overlaps_any(n, used)) subnet4 = cni::format_ipv4(n.addr) + "/24";
        }
        if (subnet4.empty()) throw Error(Errc::Unavailable, "no free /24 subnet left in 10.4.0.0/16");
    }
    const auto net4 = cni::parse_ipv4_cidr(subnet4);
    std::string gateway4 = pick(opts.gateways, false);
    if (gateway4.empty()) gateway4 = cni::format_ipv4(net4.addr + 1);
    if (!cni::parse_ipv4_cidr(gateway4 + "/32").overlaps(net4)) {
        throw Error(Errc::InvalidArgument, "gateway " + gateway4 + " is not in subnet " + subnet4);
    }
    NetworkIpamConfig pool4{subnet4, gateway4, ""};
    if (auto r = pick(opts.ip_ranges, false); !r.empty()) {
        if (!cni::parse_ipv4_cidr(r).overlaps(net4) || cni::parse_ipv4_cidr(r).prefix < net4.prefix) {
            throw Error(Errc::InvalidArgument, "ip range " + r + " is not in subnet " + subnet4);
        }
        pool4.ip_range = r;
    }
    NetworkRecord rec;
    rec.name = opts.name;
    rec.id = id;
    rec.created_ns = logs::to_ns(logs::Clock::now());
    rec.driver = opts.driver;
    rec.ipam = {pool4};
    rec.enable_ipv6 = opts.ipv6 || !subnet6.empty();
    if (rec.enable_ipv6) {
        if (subnet6.empty()) subnet6 = "fd75:6700:0:" + std::to_string((net4.addr >> 8) & 0xff) + "::/64";
        rec.ipam.push_back({subnet6, pick(opts.gateways, true), ""});
    }
    rec.internal = opts.internal;
    rec.options = opts.options;
    rec.labels = opts.labels;
    rec.device = device;
    base::UndoStack undo;
    store.insert(rec);
    undo.push("remove network record", [&] { store.remove(id); });
    load_network_conflist(config, rec);  // validates and writes <id>.conflist
    if (opts.driver == "bridge") {
        undo.push("delete bridge", [device] { cni::delete_link(device); });
        cni::ensure_bridge(device, gateway4 + "/" + std::to_string(net4.prefix));
    }
    undo.commit();
    return id;
}

std::vector<NetworkRecord> network_list(const EngineConfig& config, const NetworkListOptions& opts) {
    Store store(config);
    store.ensure_defaults();
    const auto atts = list_attachments(config);
    std::vector<NetworkRecord> out;
    for (auto& rec : store.list()) {
        bool keep = true;
        for (const auto& [key, value] : opts.filters) {
            if (key == "name") keep = keep && rec.name.find(value) != std::string::npos;
            else if (key == "id") keep = keep && rec.id.rfind(value, 0) == 0;
            else if (key == "driver") keep = keep && rec.driver == value;
            else if (key == "type") keep = keep && ((value == "builtin") == rec.builtin);
            else if (key == "label") {
                auto eq = value.find('=');
                auto it = rec.labels.find(value.substr(0, eq));
                keep = keep && it != rec.labels.end() &&
                       (eq == std::string::npos || it->second == value.substr(eq + 1));
            } else if (key == "dangling") {
                keep = keep && (has_endpoints(rec.id, atts) != (value == "true" || value == "1"));
            } else {
                throw Error(Errc::InvalidArgument, "invalid filter '" + key + "'");
            }
        }
        if (keep) out.push_back(std::move(rec));
    }
    return out;
}

NetworkRecord network_get(const EngineConfig& config, const std::string& network) {
    Store store(config);
    store.ensure_defaults();
    return store.get(network);
}

nlohmann::json network_inspect(const EngineConfig& config, const std::string& network) {
    return network::inspect_json(network_get(config, network), list_attachments(config));
}

std::vector<NetworkRemoveResult> network_remove(const EngineConfig& config, const std::vector<std::string>& networks) {
    Store store(config);
    store.ensure_defaults();
    std::vector<NetworkRemoveResult> out;
    for (const auto& n : networks) {
        try {
            remove_one(config, store, store.get(n));
            out.push_back({n, std::nullopt});
        } catch (const Error& e) {
            out.push_back({n, e.message()});
        }
    }
    return out;
}

std::vector<std::string> network_prune(const EngineConfig& config) {
    Store store(config);
    const auto atts = list_attachments(config);
    std::vector<std::string> removed;
    for (const auto& rec : store.list()) {
        if (rec.builtin || has_endpoints(rec.id, atts)) continue;
        try {
            remove_one(config, store, rec);
            removed.push_back(rec.name);
        } catch (const Error& e) {
            base::log_warning("prune network " + rec.name + ": " + e.message());
        }
    }
    return removed;
}

}  // namespace tug::engine
