// Volume records (table volumes), the local driver's directories and mounts, and the
// reference counting that mounts on first use and unmounts after the last.
#include "engine/volume/store.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>

#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/random.hpp"
#include "engine/base/strings.hpp"
#include "engine/meta/database.hpp"
#include "engine/volume/mount_spec.hpp"

namespace tug::engine::volume {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<meta::Database> open_db(const EngineConfig& cfg) {
    return meta::Database::open(cfg.database_path());
}

std::string now_rfc3339() {
    std::time_t t = std::time(nullptr);
    std::tm tm {};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// moby's local driver option rules (volume/local/local_unix.go).
void validate_local_options(const std::map<std::string, std::string>& opts) {
    static const std::set<std::string> valid = {"type", "o", "device", "size"};
    for (const auto& [k, v] : opts)
        if (!valid.count(k)) throw Error(Errc::InvalidArgument, "invalid option: \"" + k + "\"");
    static const std::vector<std::pair<std::string, std::vector<std::string>>> mandatory = {
        {"device", {"type"}}, {"type", {"device"}}, {"o", {"device", "type"}}};
    for (const auto& [opt, required] : mandatory) {
        if (!opts.count(opt)) continue;
        for (const auto& r : required)
            if (!opts.count(r))
                throw Error(Errc::InvalidArgument, "missing required option: \"" + r + "\"");
    }
    if (opts.count("size"))
        throw Error(Errc::InvalidArgument, "quota size requested but no quota support");
}

bool has_mount(const json& record) {
    const auto& o = record["Options"];
    return o.is_object() && o.contains("type") && o.contains("device");
}

void mount_volume(const json& record) {
    const auto& o = record["Options"];
    base::Mount m;
    m.type = o["type"].get<std::string>();
    m.source = o["device"].get<std::string>();
    if (o.contains("o")) m.options = base::split_nonempty(o["o"].get<std::string>(), ',');
    const std::string target = record["Mountpoint"].get<std::string>();
    with_context("mount volume " + record["Name"].get<std::string>(),
                 [&] { base::mount_at(m, target); });
}

void store_record(meta::Database& db, const std::string& ns, const json& record) {
    db.prepare("UPDATE volumes SET data = ? WHERE namespace = ? AND name = ?")
        .bind(1, record.dump())
        .bind(2, ns)
        .bind(3, record["Name"].get<std::string>())
        .run();
}

std::optional<json> find_in(meta::Database& db, const std::string& ns, const std::string& name) {
    auto st = db.prepare("SELECT data FROM volumes WHERE namespace = ? AND name = ?");
    st.bind(1, ns).bind(2, name);
    if (!st.step()) return std::nullopt;
    return json::parse(st.text(0));
}

// Serializes acquire/release/remove of one volume across processes: the mount state
// and the users list change together.
base::FileLock lock_volume(const EngineConfig& cfg, const std::string& name) {
    const std::string dir = cfg.data_root + "/volumes";
    base::make_dirs(dir, 0701);
    return base::FileLock::acquire(dir + "/." + name + ".lock");
}

}  // namespace

std::string volume_root(const EngineConfig& cfg, const std::string& name) {
    return cfg.data_root + "/volumes/" + name;
}

std::string volume_data_dir(const EngineConfig& cfg, const std::string& name) {
    return volume_root(cfg, name) + "/_data";
}

json create_volume(const EngineConfig& cfg, const CreateRequest& req) {
    const std::string name = req.name.empty() ? base::random_id() : req.name;
    const std::string driver = req.driver.empty() ? "local" : req.driver;
    return with_context("create " + name, [&] {
        validate_volume_name(name);
        if (driver != "local")
            throw Error(Errc::NotFound, "error looking up volume plugin " + driver + ": plugin \"" +
                                            driver + "\" not found");
        validate_local_options(req.options);
        auto db = open_db(cfg);
        if (auto existing = db->read([&] { return find_in(*db, cfg.namespace_, name); })) return *existing;

        json labels = json::object();
        for (const auto& [k, v] : req.labels) labels[k] = v;
        if (req.anonymous) labels[kAnonymousLabel] = "";
        json options = json::object();
        for (const auto& [k, v] : req.options) options[k] = v;
        json record = {{"CreatedAt", now_rfc3339()},
                       {"Driver", driver},
                       {"Labels", labels},
                       {"Mountpoint", volume_data_dir(cfg, name)},
                       {"Name", name},
                       {"Options", options},
                       {"Scope", "local"},
                       {"_tug", {{"users", json::array()}}}};
        base::make_dirs(cfg.data_root + "/volumes", 0701);
        base::make_dirs(volume_data_dir(cfg, name), 0755);
        const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        try {
            db->write([&] {
                db->prepare("INSERT INTO volumes (namespace, name, data, created) VALUES (?, ?, ?, ?)")
                    .bind(1, cfg.namespace_)
                    .bind(2, name)
                    .bind(3, record.dump())
                    .bind(4, now)
                    .run();
            });
        } catch (const Error& e) {
            // Created concurrently by another tug: theirs stands.
            if (e.code() != Errc::AlreadyExists) throw;
            if (auto existing = db->read([&] { return find_in(*db, cfg.namespace_, name); }))
                return *existing;
            throw;
        }
        return record;
    });
}

std::optional<json> find_volume(const EngineConfig& cfg, const std::string& name) {
    auto db = open_db(cfg);
    return db->read([&] { return find_in(*db, cfg.namespace_, name); });
}

json get_volume(const EngineConfig& cfg, const std::string& name) {
    auto r = find_volume(cfg, name);
    if (!r) throw Error(Errc::NotFound, "get " + name + ": no such volume");
    return *r;
}

std::vector<json> list_volumes(const EngineConfig& cfg) {
    auto db = open_db(cfg);
    return db->read([&] {
        std::vector<json> out;
        auto st = db->prepare("SELECT data FROM volumes WHERE namespace = ? ORDER BY name");
        st.bind(1, cfg.namespace_);
        while (st.step()) out.push_back(json::parse(st.text(0)));
        return out;
    });
}

json to_inspect(const json& record) {
    json out = record;
    out.erase("_tug");
    return out;
}

bool is_anonymous(const json& record) {
    const auto& l = record["Labels"];
    return l.is_object() && l.contains(kAnonymousLabel);
}

std::vector<std::string> volume_users(const EngineConfig& cfg, const std::string& name) {
    auto db = open_db(cfg);
    return db->read([&] {
        std::vector<std::string> ids;
        auto st = db->prepare(
            "SELECT c.id FROM container_volumes v JOIN containers c "
            "ON c.namespace = v.namespace AND c.id = v.container_id "
            "WHERE v.namespace = ? AND v.volume = ? ORDER BY c.created, c.id");
        st.bind(1, cfg.namespace_).bind(2, name);
        while (st.step()) ids.push_back(st.text(0));
        return ids;
    });
}

std::string acquire(const EngineConfig& cfg, const std::string& name, const std::string& user) {
    return with_context("acquire volume " + name, [&] {
        auto lock = lock_volume(cfg, name);
        auto db = open_db(cfg);
        json record = db->read([&] {
            auto r = find_in(*db, cfg.namespace_, name);
            if (!r) throw Error(Errc::NotFound, "get " + name + ": no such volume");
            return *r;
        });
        const std::string path = record["Mountpoint"].get<std::string>();
        base::make_dirs(path, 0755);
        // The mount's state is checked, not remembered: after a reboot the users list
        // may still name containers while nothing is mounted.
        if (has_mount(record) && !base::is_mount_point(path)) mount_volume(record);
        db->write([&] {
            auto fresh = find_in(*db, cfg.namespace_, name);
            if (!fresh) return;
            auto& users = (*fresh)["_tug"]["users"];
            if (!users.is_array()) users = json::array();
            if (std::find(users.begin(), users.end(), user) == users.end()) users.push_back(user);
            store_record(*db, cfg.namespace_, *fresh);
        });
        return path;
    });
}

void release(const EngineConfig& cfg, const std::string& name, const std::string& user) {
    with_context("release volume " + name, [&] {
        auto lock = lock_volume(cfg, name);
        auto db = open_db(cfg);
        auto record = db->write([&]() -> std::optional<json> {
            auto fresh = find_in(*db, cfg.namespace_, name);
            if (!fresh) return std::nullopt;
            auto& users = (*fresh)["_tug"]["users"];
            if (!users.is_array()) users = json::array();
            users.erase(std::remove(users.begin(), users.end(), user), users.end());
            store_record(*db, cfg.namespace_, *fresh);
            return fresh;
        });
        if (!record || !has_mount(*record) || !(*record)["_tug"]["users"].empty()) return;
        const std::string path = (*record)["Mountpoint"].get<std::string>();
        if (base::is_mount_point(path)) base::unmount(path);
    });
}

void remove_volume(const EngineConfig& cfg, const std::string& name, bool force) {
    auto lock = lock_volume(cfg, name);
    auto record = find_volume(cfg, name);
    if (!record) {
        if (force) return;
        throw Error(Errc::NotFound, "get " + name + ": no such volume");
    }
    with_context("remove " + name, [&] {
        auto users = volume_users(cfg, name);
        if (!users.empty()) {
            std::string list;
            for (size_t i = 0; i < users.size(); ++i) list += (i ? " " : "") + users[i];
            throw Error(Errc::Conflict, "volume is in use - [" + list + "]");
        }
        const std::string path = (*record)["Mountpoint"].get<std::string>();
        if (has_mount(*record) && base::is_mount_point(path)) base::unmount(path);
        auto db = open_db(cfg);
        db->write([&] {
            db->prepare("DELETE FROM volumes WHERE namespace = ? AND name = ?")
                .bind(1, cfg.namespace_)
                .bind(2, name)
                .run();
        });
        std::error_code ec;
        fs::remove_all(volume_root(cfg, name), ec);
        if (ec) throw Error(Errc::Internal, "remove " + volume_root(cfg, name) + ": " + ec.message());
        fs::remove(cfg.data_root + "/volumes/." + name + ".lock", ec);
    });
}

int64_t directory_size(const std::string& dir) {
    int64_t total = 0;
    std::set<std::pair<dev_t, ino_t>> seen;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (st.st_nlink > 1 && !seen.insert({st.st_dev, st.st_ino}).second) continue;
        total += st.st_size;
    }
    return total;
}

}  // namespace tug::engine::volume
