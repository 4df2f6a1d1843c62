// Network records in the metadata database, the builtin networks, and networking paths.
#include "engine/network/store.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/random.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/meta/database.hpp"

namespace tug::engine::network {

using nlohmann::json;

Paths paths_for(const EngineConfig& config) {
    const std::string net = config.data_root + "/network";
    return {config.data_root + "/networks", net + "/ipam", net + "/cni-cache", net + "/attachments",
            config.state_dir + "/netns", config.state_dir + "/network/locks"};
}

std::string netns_path(const EngineConfig& config, const std::string& container_id) {
    return paths_for(config).netns + "/" + container_id;
}

std::string host_lock_path(const std::string& what) {
    struct stat st{};
    const std::string dir = ::stat("/run/lock", &st) == 0 ? "/run/lock" : "/tmp";
    return dir + "/tug-" + what + ".lock";
}

cni::ExecOptions exec_options(const EngineConfig& config) {
    cni::ExecOptions o;
    o.plugin_dirs = config.cni_paths;
    for (const char* d : {"/opt/cni/bin", "/usr/lib/cni", "/usr/libexec/cni"}) {
        if (std::find(o.plugin_dirs.begin(), o.plugin_dirs.end(), d) == o.plugin_dirs.end()) {
            o.plugin_dirs.push_back(d);
        }
    }
    o.cache_dir = paths_for(config).cni_cache;
    o.child = config.children;
    return o;
}

std::string now_rfc3339() { return logs::format_rfc3339nano(logs::Clock::now()); }

std::string record_id(const json& rec) { return rec.value("Id", ""); }
std::string record_name(const json& rec) { return rec.value("Name", ""); }
std::string record_driver(const json& rec) { return rec.value("Driver", ""); }
std::string record_device(const json& rec) {
    return rec.contains("_tug") ? rec["_tug"].value("device", "") : std::string();
}
bool record_builtin(const json& rec) { return rec.contains("_tug") && rec["_tug"].value("builtin", false); }
bool record_is_cni(const json& rec) {
    const auto d = record_driver(rec);
    return d == "bridge" || d == "macvlan" || d == "ipvlan";
}

namespace {

std::string config_field(const json& rec, const char* field, bool v6) {
    for (const auto& c : rec["IPAM"].value("Config", json::array())) {
        const std::string subnet = c.value("Subnet", "");
        if (!subnet.empty() && (subnet.find(':') != std::string::npos) == v6) return c.value(field, "");
    }
    return {};
}

json builtin_record(const std::string& name) {
    json rec = {{"Name", name},
                {"Id", base::random_id()},
                {"Created", now_rfc3339()},
                {"Scope", "local"},
                {"EnableIPv6", false},
                {"IPAM", {{"Driver", "default"}, {"Options", nullptr}, {"Config", json::array()}}},
                {"Internal", false},
                {"Attachable", false},
                {"Ingress", false},
                {"ConfigFrom", {{"Network", ""}}},
                {"ConfigOnly", false},
                {"Options", json::object()},
                {"Labels", json::object()},
                {"_tug", {{"builtin", true}}}};
    if (name == kDefaultNetwork) {
        rec["Driver"] = "bridge";
        rec["IPAM"]["Config"] = json::array({{{"Subnet", kDefaultSubnet}, {"Gateway", "10.4.0.1"}}});
        rec["Options"] = {{"com.docker.network.bridge.default_bridge", "true"},
                          {"com.docker.network.bridge.enable_ip_masquerade", "true"},
                          {"com.docker.network.bridge.name", kDefaultBridge}};
        rec["_tug"]["device"] = kDefaultBridge;
    } else {
        rec["Driver"] = name == "host" ? "host" : "null";
    }
    return rec;
}

}  // namespace

std::string record_subnet4(const json& rec) { return config_field(rec, "Subnet", false); }
std::string record_gateway4(const json& rec) { return config_field(rec, "Gateway", false); }

Store::Store(const EngineConfig& config) : config_(config), db_(meta::Database::open(config.database_path())) {}

void Store::ensure_defaults() {
    auto q = db_->prepare("SELECT COUNT(*) FROM networks WHERE namespace = ? AND name IN ('bridge','host','none')");
    q.bind(1, config_.namespace_);
    if (q.step() && q.int64(0) == 3) return;
    db_->write([&] {
        for (const char* name : {"bridge", "host", "none"}) {
            json rec = builtin_record(name);
            auto ins = db_->prepare(
                "INSERT OR IGNORE INTO networks (namespace, id, name, data, created) VALUES (?, ?, ?, ?, ?)");
            ins.bind(1, config_.namespace_).bind(2, record_id(rec)).bind(3, name).bind(4, rec.dump());
            ins.bind(5, static_cast<int64_t>(std::time(nullptr)));
            ins.run();
        }
    });
}

std::vector<json> Store::list() {
    std::vector<json> out;
    auto q = db_->prepare("SELECT data FROM networks WHERE namespace = ? ORDER BY name");
    q.bind(1, config_.namespace_);
    while (q.step()) out.push_back(json::parse(q.text(0)));
    return out;
}

std::optional<json> Store::find(const std::string& ref) {
    if (ref.empty()) return std::nullopt;
    std::optional<json> by_prefix;
    int prefix_matches = 0;
    for (auto& rec : list()) {
        if (record_name(rec) == ref || record_id(rec) == ref) return rec;
        if (record_id(rec).rfind(ref, 0) == 0) {
            ++prefix_matches;
            by_prefix = rec;
        }
    }
    if (prefix_matches == 1) return by_prefix;
    return std::nullopt;
}

json Store::get(const std::string& ref) {
    auto rec = find(ref);
    if (!rec) throw Error(Errc::NotFound, "network " + ref + " not found");
    return *rec;
}

void Store::insert(const json& rec) {
    try {
        auto ins = db_->prepare("INSERT INTO networks (namespace, id, name, data, created) VALUES (?, ?, ?, ?, ?)");
        ins.bind(1, config_.namespace_).bind(2, record_id(rec)).bind(3, record_name(rec)).bind(4, rec.dump());
        ins.bind(5, static_cast<int64_t>(std::time(nullptr)));
        db_->write([&] { ins.run(); });
    } catch (const Error& e) {
        if (e.code() == Errc::AlreadyExists) {
            throw Error(Errc::Conflict, "network with name " + record_name(rec) + " already exists");
        }
        throw;
    }
}

void Store::remove(const std::string& id) {
    auto del = db_->prepare("DELETE FROM networks WHERE namespace = ? AND id = ?");
    del.bind(1, config_.namespace_).bind(2, id);
    db_->write([&] { del.run(); });
}

}  // namespace tug::engine::network
