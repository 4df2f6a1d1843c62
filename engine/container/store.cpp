// Container records in the metadata database (table containers, with the health log in
// its own column and the volumes each container uses in container_volumes).
#include "engine/container/store.hpp"

#include <chrono>

#include "engine/base/error.hpp"
#include "engine/container/record_fields.hpp"
#include "engine/container/record_legacy.hpp"
#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"
#include "engine/meta/upgrade.hpp"

namespace tug::engine::container {

Paths paths_for(const EngineConfig& config, const std::string& id) {
    Paths p;
    p.state = config.state_dir + "/containers/" + id;
    p.rootfs = p.state + "/rootfs";
    p.data = config.data_root + "/containers/" + id;
    p.upper = p.data + "/upper";
    p.work = p.data + "/work";
    p.log = p.data + "/" + id + "-json.log";
    p.monitor_lock = p.state + "/monitor.lock";
    p.cleanup_lock = p.state + "/cleanup.lock";
    p.start_lock = p.state + "/start.lock";
    p.attach_socket = p.state + "/attach.sock";
    p.runc_root = config.state_dir + "/runc";
    p.runc_log = p.state + "/runc.log";
    return p;
}

EtcPaths etc_paths(const EngineConfig& config, const ContainerRecord& rec) {
    const std::string owner = rec.joins_other_network() ? rec.host.network_mode.substr(10) : rec.id;
    const std::string dir = config.data_root + "/containers/" + owner;
    return {dir + "/hostname", dir + "/hosts", dir + "/resolv.conf"};
}

namespace {

constexpr const char* kKind = "container";

std::string name_conflict(const std::string& name, const std::string& holder) {
    return "Conflict. The container name \"/" + name + "\" is already in use by container \"" +
           holder +
           "\". You have to remove (or rename) that container to be able to reuse that name.";
}

ContainerRecord decode(std::string_view stored) {
    return meta::decode_record_as<ContainerRecord>(stored, kContainerRecordVersion, kKind);
}

std::vector<HealthResult> decode_health_log(std::string_view stored) {
    std::vector<HealthResult> log;
    if (stored.empty()) return log;
    meta::Decoder d(stored.substr(1));
    d(1, log);
    return log;
}

std::string encode_health_log(const std::vector<HealthResult>& log) {
    meta::Encoder e;
    e(1, log);
    return std::string(1, static_cast<char>(kContainerRecordVersion)) + e.take();
}

// The named volumes a record's mounts use, for volume_users().
std::vector<std::string> volumes_of(const ContainerRecord& r) {
    std::vector<std::string> out;
    for (const auto& m : r.mounts)
        if (m.type == MountType::Volume && !m.source.empty()) out.push_back(m.source);
    return out;
}

// Converts the records of the format before typed records (docker inspect JSON), with
// the columns kept beside them.
void upgrade_legacy(meta::Database& db) {
    meta::upgrade_records(
        db, kKind, "containers", "id", kContainerRecordVersion,
        [&](int64_t rowid, std::string_view, std::string_view data) {
            const ContainerRecord rec = record_from_legacy_json(data);
            db.prepare("UPDATE containers SET data = ?, health_log = ?, status = ? WHERE rowid = ?")
                .bind_blob(1, meta::encode_record(rec, kContainerRecordVersion))
                .bind_blob(2, encode_health_log(health_log_from_legacy_json(data)))
                .bind(3, container_status_name(rec.state.status))
                .bind(4, rowid)
                .run();
        });
}

}  // namespace

Store::Store(const EngineConfig& config)
    : config_(config), db_(meta::Database::open(config.database_path())) {
    upgrade_legacy(*db_);
}

void Store::insert(const ContainerRecord& record) {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    try {
        db_->write([&] {
            db_->prepare(
                   "INSERT INTO containers (namespace, id, name, image_id, data, created, status) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(1, config_.namespace_)
                .bind(2, record.id)
                .bind(3, record.name)
                .bind(4, record.image_id)
                .bind_blob(5, meta::encode_record(record, kContainerRecordVersion))
                .bind(6, now)
                .bind(7, container_status_name(record.state.status))
                .run();
            for (const auto& v : volumes_of(record))
                db_->prepare(
                       "INSERT OR IGNORE INTO container_volumes (namespace, container_id, volume) "
                       "VALUES (?, ?, ?)")
                    .bind(1, config_.namespace_)
                    .bind(2, record.id)
                    .bind(3, v)
                    .run();
        });
    } catch (const Error& e) {
        if (e.code() != Errc::AlreadyExists) throw;
        std::string holder = "unknown";
        db_->read([&] {
            auto st = db_->prepare("SELECT id FROM containers WHERE namespace = ? AND name = ?");
            st.bind(1, config_.namespace_).bind(2, record.name);
            if (st.step()) holder = st.text(0);
        });
        throw Error(Errc::Conflict, name_conflict(record.name, holder));
    }
}

std::optional<ContainerRecord> Store::find(const std::string& id) {
    return db_->read([&]() -> std::optional<ContainerRecord> {
        auto st = db_->prepare("SELECT data FROM containers WHERE namespace = ? AND id = ?");
        st.bind(1, config_.namespace_).bind(2, id);
        if (!st.step()) return std::nullopt;
        return decode(st.bytes(0));
    });
}

ContainerRecord Store::get(const std::string& id) {
    auto r = find(id);
    if (!r) throw Error(Errc::NotFound, "No such container: " + id);
    return std::move(*r);
}

std::string Store::resolve(const std::string& ref) {
    if (ref.empty()) throw Error(Errc::InvalidArgument, "container name or id cannot be empty");
    std::string name = ref[0] == '/' ? ref.substr(1) : ref;
    return db_->read([&]() -> std::string {
        {
            auto st = db_->prepare("SELECT id FROM containers WHERE namespace = ? AND id = ?");
            st.bind(1, config_.namespace_).bind(2, ref);
            if (st.step()) return st.text(0);
        }
        {
            auto st = db_->prepare("SELECT id FROM containers WHERE namespace = ? AND name = ?");
            st.bind(1, config_.namespace_).bind(2, name);
            if (st.step()) return st.text(0);
        }
        bool hex = ref.size() < 64;
        for (char c : ref) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (hex) {
            auto st = db_->prepare(
                "SELECT id FROM containers WHERE namespace = ? AND substr(id, 1, ?) = ?");
            st.bind(1, config_.namespace_).bind(2, static_cast<int64_t>(ref.size())).bind(3, ref);
            std::string found;
            while (st.step()) {
                if (!found.empty())
                    throw Error(Errc::InvalidArgument,
                                "multiple IDs found with provided prefix: " + ref);
                found = st.text(0);
            }
            if (!found.empty()) return found;
        }
        throw Error(Errc::NotFound, "No such container: " + ref);
    });
}

std::vector<ContainerRecord> Store::list() {
    return db_->read([&] {
        std::vector<ContainerRecord> out;
        // A record is large: growing the vector would move every one of them again.
        auto count = db_->prepare("SELECT count(*) FROM containers WHERE namespace = ?");
        count.bind(1, config_.namespace_);
        if (count.step()) out.reserve(static_cast<size_t>(count.int64(0)));
        auto st = db_->prepare("SELECT data FROM containers WHERE namespace = ?");
        st.bind(1, config_.namespace_);
        while (st.step())
            out.push_back(decode(st.bytes(0)));
        return out;
    });
}

void Store::write_record(const ContainerRecord& rec, const std::vector<HealthResult>* health_log) {
    auto st = db_->prepare(
        health_log ? "UPDATE containers SET data = ?, status = ?, health_log = ? "
                     "WHERE namespace = ? AND id = ?"
                   : "UPDATE containers SET data = ?, status = ? WHERE namespace = ? AND id = ?");
    int i = 1;
    st.bind_blob(i++, meta::encode_record(rec, kContainerRecordVersion));
    st.bind(i++, container_status_name(rec.state.status));
    if (health_log) st.bind_blob(i++, encode_health_log(*health_log));
    st.bind(i, config_.namespace_);
    st.bind(i + 1, rec.id);
    st.run();
}

ContainerRecord Store::update(const std::string& id,
                              const std::function<void(ContainerRecord&)>& fn) {
    return db_->write([&] {
        ContainerRecord rec = get(id);
        fn(rec);
        write_record(rec, nullptr);
        return rec;
    });
}

ContainerRecord Store::update_health(
    const std::string& id,
    const std::function<void(ContainerRecord&, std::vector<HealthResult>&)>& fn) {
    return db_->write([&] {
        ContainerRecord rec = get(id);
        std::vector<HealthResult> log = health_log(id);
        fn(rec, log);
        write_record(rec, &log);
        return rec;
    });
}

std::vector<HealthResult> Store::health_log(const std::string& id) {
    return db_->read([&] {
        auto st = db_->prepare("SELECT health_log FROM containers WHERE namespace = ? AND id = ?");
        st.bind(1, config_.namespace_).bind(2, id);
        if (!st.step()) throw Error(Errc::NotFound, "No such container: " + id);
        return decode_health_log(st.bytes(0));
    });
}

void Store::rename(const std::string& id, const std::string& name) {
    db_->write([&] {
        ContainerRecord rec = get(id);
        if (rec.name == name)
            throw Error(Errc::InvalidArgument,
                        "Renaming a container with the same name as its current name");
        auto taken = db_->prepare("SELECT id FROM containers WHERE namespace = ? AND name = ?");
        taken.bind(1, config_.namespace_).bind(2, name);
        if (taken.step()) throw Error(Errc::Conflict, name_conflict(name, taken.text(0)));
        rec.name = name;
        write_record(rec, nullptr);
        db_->prepare("UPDATE containers SET name = ? WHERE namespace = ? AND id = ?")
            .bind(1, name)
            .bind(2, config_.namespace_)
            .bind(3, id)
            .run();
    });
}

bool Store::remove(const std::string& id) {
    return db_->write([&] {
        db_->prepare("DELETE FROM containers WHERE namespace = ? AND id = ?")
            .bind(1, config_.namespace_)
            .bind(2, id)
            .run();
        const bool removed = db_->changes() > 0;
        db_->prepare("DELETE FROM container_volumes WHERE namespace = ? AND container_id = ?")
            .bind(1, config_.namespace_)
            .bind(2, id)
            .run();
        return removed;
    });
}

void validate_name(const std::string& name) {
    auto ok_first = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    bool ok = name.size() >= 2 && ok_first(name[0]);
    for (size_t i = 1; ok && i < name.size(); ++i)
        ok = ok_first(name[i]) || name[i] == '_' || name[i] == '.' || name[i] == '-';
    if (!ok)
        throw Error(Errc::InvalidArgument, "Invalid container name (" + name +
                                               "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
}

}  // namespace tug::engine::container
