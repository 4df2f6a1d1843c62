// Volume records (table volumes), the local driver's directories and mounts, and the
// reference counting that mounts on first use and unmounts after the last.
#include "engine/volume/store.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/mount.hpp"
#include "engine/base/random.hpp"
#include "engine/base/strings.hpp"
#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"
#include "engine/meta/upgrade.hpp"
#include "engine/volume/mount_spec.hpp"
#include "engine/volume/record_fields.hpp"
#include "engine/volume/record_legacy.hpp"

namespace tug::engine::volume {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKind = "volume";

std::shared_ptr<meta::Database> open_db(const EngineConfig& cfg) {
    auto db = meta::Database::open(cfg.database_path());
    // The first use of a store converts the records of before (docker inspect JSON).
    meta::upgrade_data_column(*db, kKind, "volumes", "name", kVolumeRecordVersion,
                              volume_from_legacy_json);
    return db;
}

VolumeRecord decode(std::string_view stored) {
    return meta::decode_record_as<VolumeRecord>(stored, kVolumeRecordVersion, kKind);
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

void mount_volume(const VolumeRecord& record, const std::string& target) {
    const auto& o = record.options;
    base::Mount m;
    m.type = o.at("type");
    m.source = o.at("device");
    if (auto it = o.find("o"); it != o.end()) m.options = base::split_nonempty(it->second, ',');
    with_context("mount volume " + record.name, [&] { base::mount_at(m, target); });
}

void store_record(meta::Database& db, const std::string& ns, const VolumeRecord& record) {
    db.prepare("UPDATE volumes SET data = ? WHERE namespace = ? AND name = ?")
        .bind_blob(1, meta::encode_record(record, kVolumeRecordVersion))
        .bind(2, ns)
        .bind(3, record.name)
        .run();
}

std::optional<VolumeRecord> find_in(meta::Database& db, const std::string& ns,
                                    const std::string& name) {
    auto st = db.prepare("SELECT data FROM volumes WHERE namespace = ? AND name = ?");
    st.bind(1, ns).bind(2, name);
    if (!st.step()) return std::nullopt;
    return decode(st.bytes(0));
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

VolumeRecord create_volume(const EngineConfig& cfg, const CreateRequest& req) {
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

        const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        VolumeRecord record;
        record.name = name;
        record.driver = driver;
        record.labels = req.labels;
        if (req.anonymous) record.labels[kAnonymousVolumeLabel] = "";
        record.options = req.options;
        record.created = now;
        base::make_dirs(cfg.data_root + "/volumes", 0701);
        base::make_dirs(volume_data_dir(cfg, name), 0755);
        try {
            db->write([&] {
                db->prepare("INSERT INTO volumes (namespace, name, data, created) VALUES (?, ?, ?, ?)")
                    .bind(1, cfg.namespace_)
                    .bind(2, name)
                    .bind_blob(3, meta::encode_record(record, kVolumeRecordVersion))
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

std::optional<VolumeRecord> find_volume(const EngineConfig& cfg, const std::string& name) {
    auto db = open_db(cfg);
    return db->read([&] { return find_in(*db, cfg.namespace_, name); });
}

VolumeRecord get_volume(const EngineConfig& cfg, const std::string& name) {
    auto r = find_volume(cfg, name);
    if (!r) throw Error(Errc::NotFound, "get " + name + ": no such volume");
    return *r;
}

std::vector<VolumeRecord> list_volumes(const EngineConfig& cfg) {
    auto db = open_db(cfg);
    return db->read([&] {
        std::vector<VolumeRecord> out;
        auto st = db->prepare("SELECT data FROM volumes WHERE namespace = ? ORDER BY name");
        st.bind(1, cfg.namespace_);
        while (st.step()) out.push_back(decode(st.bytes(0)));
        return out;
    });
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
        const VolumeRecord record = db->read([&] {
            auto r = find_in(*db, cfg.namespace_, name);
            if (!r) throw Error(Errc::NotFound, "get " + name + ": no such volume");
            return *r;
        });
        const std::string path = volume_data_dir(cfg, name);
        base::make_dirs(path, 0755);
        // The mount's state is checked, not remembered: after a reboot the users list
        // may still name containers while nothing is mounted.
        if (record.has_mount() && !base::is_mount_point(path)) mount_volume(record, path);
        db->write([&] {
            auto fresh = find_in(*db, cfg.namespace_, name);
            if (!fresh) return;
            auto& users = fresh->users;
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
        auto record = db->write([&]() -> std::optional<VolumeRecord> {
            auto fresh = find_in(*db, cfg.namespace_, name);
            if (!fresh) return std::nullopt;
            auto& users = fresh->users;
            users.erase(std::remove(users.begin(), users.end(), user), users.end());
            store_record(*db, cfg.namespace_, *fresh);
            return fresh;
        });
        if (!record || !record->has_mount() || !record->users.empty()) return;
        const std::string path = volume_data_dir(cfg, name);
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
        const std::string path = volume_data_dir(cfg, name);
        if (record->has_mount() && base::is_mount_point(path)) base::unmount(path);
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
