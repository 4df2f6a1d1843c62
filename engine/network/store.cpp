// Network records in the metadata database, the builtin networks, and networking paths.
#include "engine/network/store.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/random.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"
#include "engine/meta/upgrade.hpp"
#include "engine/network/record_fields.hpp"
#include "engine/network/record_legacy.hpp"

namespace tug::engine::network {

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

namespace {

constexpr const char* kKind = "network";

NetworkRecord decode(std::string_view stored) {
    return meta::decode_record_as<NetworkRecord>(stored, kNetworkRecordVersion, kKind);
}

int64_t now_ns() { return logs::to_ns(logs::Clock::now()); }

NetworkRecord builtin_record(const std::string& name) {
    NetworkRecord rec;
    rec.name = name;
    rec.id = base::random_id();
    rec.created_ns = now_ns();
    rec.builtin = true;
    if (name == kDefaultNetwork) {
        rec.driver = "bridge";
        rec.ipam = {{kDefaultSubnet, "10.4.0.1", ""}};
        rec.options = {{"com.docker.network.bridge.default_bridge", "true"},
                       {"com.docker.network.bridge.enable_ip_masquerade", "true"},
                       {"com.docker.network.bridge.name", kDefaultBridge}};
        rec.device = kDefaultBridge;
    } else {
        rec.driver = name == "host" ? "host" : "null";
    }
    return rec;
}

}  // namespace

Store::Store(const EngineConfig& config) : config_(config), db_(meta::Database::open(config.database_path())) {
    // The first use of a store converts the records of before (docker inspect JSON).
    meta::upgrade_data_column(*db_, kKind, "networks", "name", kNetworkRecordVersion,
                              network_from_legacy_json);
}
void Store::ensure_defaults() {
    auto q = db_->prepare("SELECT COUNT(*) FROM networks WHERE namespace = ? AND name IN ('bridge','host','none')");
    q.bind(1, config_.namespace_);
    if (q.step() && q.int64(0) == 3) return;
    db_->write([&] {
        for (const char* name : {"bridge", "host", "none"}) {
            const NetworkRecord rec = builtin_record(name);
            auto ins = db_->prepare(
                "INSERT OR IGNORE INTO networks (namespace, id, name, data, created) VALUES (?, ?, ?, ?, ?)");
            ins.bind(1, config_.namespace_).bind(2, rec.id).bind(3, name);
            ins.bind_blob(4, meta::encode_record(rec, kNetworkRecordVersion));
            ins.bind(5, static_cast<int64_t>(std::time(nullptr)));
            ins.run();
        }
    });
}

std::vector<NetworkRecord> Store::list() {
    std::vector<NetworkRecord> out;
    auto q = db_->prepare("SELECT data FROM networks WHERE namespace = ? ORDER BY name");
    q.bind(1, config_.namespace_);
    while (q.step()) out.push_back(decode(q.bytes(0)));
    return out;
}

std::optional<NetworkRecord> Store::find(const std::string& ref) {
    if (ref.empty()) return std::nullopt;
    std::optional<NetworkRecord> by_prefix;
    int prefix_matches = 0;
    for (auto& rec : list()) {
        if (rec.name == ref || rec.id == ref) return rec;
        if (rec.id.rfind(ref, 0) == 0) {
            ++prefix_matches;
            by_prefix = rec;
        }
    }
    if (prefix_matches == 1) return by_prefix;
    return std::nullopt;
}

NetworkRecord Store::get(const std::string& ref) {
    auto rec = find(ref);
    if (!rec) throw Error(Errc::NotFound, "network " + ref + " not found");
    return *rec;
}

void Store::insert(const NetworkRecord& rec) {
    try {
        auto ins = db_->prepare("INSERT INTO networks (namespace, id, name, data, created) VALUES (?, ?, ?, ?, ?)");
        ins.bind(1, config_.namespace_).bind(2, rec.id).bind(3, rec.name);
        ins.bind_blob(4, meta::encode_record(rec, kNetworkRecordVersion));
        ins.bind(5, static_cast<int64_t>(std::time(nullptr)));
        db_->write([&] { ins.run(); });
    } catch (const Error& e) {
        if (e.code() == Errc::AlreadyExists) {
            throw Error(Errc::Conflict, "network with name " + rec.name + " already exists");
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
