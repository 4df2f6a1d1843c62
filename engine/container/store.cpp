// Container records in the metadata database (table containers).
#include "engine/container/store.hpp"
#include "engine/container/brief.hpp"

#include <chrono>

#include "engine/base/error.hpp"
#include "engine/meta/database.hpp"

namespace tug::engine::container {

using nlohmann::json;

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

Store::Store(const EngineConfig& config) : config_(config), db_(meta::Database::open(config.database_path())) {}

void Store::insert(const json& record) {
    const std::string id = record.at("Id").get<std::string>();
    std::string name = record.at("Name").get<std::string>();
    if (!name.empty() && name[0] == '/') name.erase(0, 1);
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    try {
        db_->write([&] {
            db_->prepare("INSERT INTO containers (namespace, id, name, image_id, data, created, brief) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(1, config_.namespace_)
                .bind(2, id)
                .bind(3, name)
                .bind(4, record.value("Image", std::string()))
                .bind(5, record.dump())
                .bind(6, now)
                .bind(7, brief_of(record).dump())
                .run();
        });
    } catch (const Error& e) {
        if (e.code() != Errc::AlreadyExists) throw;
        std::string holder = "unknown";
        db_->read([&] {
            auto st = db_->prepare("SELECT id FROM containers WHERE namespace = ? AND name = ?");
            st.bind(1, config_.namespace_).bind(2, name);
            if (st.step()) holder = st.text(0);
        });
        throw Error(Errc::Conflict, "Conflict. The container name \"/" + name +
                                        "\" is already in use by container \"" + holder +
                                        "\". You have to remove (or rename) that container to "
                                        "be able to reuse that name.");
    }
}

std::optional<json> Store::find(const std::string& id) {
    return db_->read([&]() -> std::optional<json> {
        auto st = db_->prepare("SELECT data FROM containers WHERE namespace = ? AND id = ?");
        st.bind(1, config_.namespace_).bind(2, id);
        if (!st.step()) return std::nullopt;
        return json::parse(st.text(0));
    });
}

json Store::get(const std::string& id) {
    auto r = find(id);
    if (!r) throw Error(Errc::NotFound, "No such container: " + id);
    return *r;
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

std::vector<json> Store::list_column(const char* column) {
    return db_->read([&] {
        std::vector<json> out;
        auto st = db_->prepare(std::string("SELECT ") + column + " FROM containers WHERE namespace = ?");
        st.bind(1, config_.namespace_);
        while (st.step()) out.push_back(json::parse(st.text(0)));
        return out;
    });
}

std::vector<json> Store::list_brief() { return list_column("COALESCE(brief, data)"); }

std::vector<json> Store::list() { return list_column("data"); }

json Store::update(const std::string& id, const std::function<void(json&)>& fn) {
    return db_->write([&] {
        auto st = db_->prepare("SELECT data FROM containers WHERE namespace = ? AND id = ?");
        st.bind(1, config_.namespace_).bind(2, id);
        if (!st.step()) throw Error(Errc::NotFound, "No such container: " + id);
        json rec = json::parse(st.text(0));
        fn(rec);
        db_->prepare("UPDATE containers SET data = ?, brief = ? WHERE namespace = ? AND id = ?")
            .bind(1, rec.dump())
            .bind(2, brief_of(rec).dump())
            .bind(3, config_.namespace_)
            .bind(4, id)
            .run();
        return rec;
    });
}

bool Store::remove(const std::string& id) {
    return db_->write([&] {
        db_->prepare("DELETE FROM containers WHERE namespace = ? AND id = ?")
            .bind(1, config_.namespace_)
            .bind(2, id)
            .run();
        return db_->changes() > 0;
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
