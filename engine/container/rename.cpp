// container_rename: a new unique name, in the names column and the record alike.
#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/container/brief.hpp"
#include "engine/container/store.hpp"
#include "engine/meta/database.hpp"

namespace tug::engine {

using nlohmann::json;

void container_rename(const EngineConfig& config, const std::string& container,
                      const std::string& new_name) {
    std::string name = !new_name.empty() && new_name[0] == '/' ? new_name.substr(1) : new_name;
    if (name.empty()) throw Error(Errc::InvalidArgument, "Neither old nor new names may be empty");
    container::validate_name(name);
    container::Store store(config);
    const std::string id = store.resolve(container);
    auto& db = store.db();
    db.write([&] {
        auto st = db.prepare("SELECT data FROM containers WHERE namespace = ? AND id = ?");
        st.bind(1, config.namespace_).bind(2, id);
        if (!st.step()) throw Error(Errc::NotFound, "No such container: " + container);
        json rec = json::parse(st.text(0));
        if (rec.value("Name", std::string()) == "/" + name)
            throw Error(Errc::InvalidArgument, "Renaming a container with the same name as its current name");
        auto taken = db.prepare("SELECT id FROM containers WHERE namespace = ? AND name = ?");
        taken.bind(1, config.namespace_).bind(2, name);
        if (taken.step())
            throw Error(Errc::Conflict, "Conflict. The container name \"/" + name +
                                            "\" is already in use by container \"" + taken.text(0) +
                                            "\". You have to remove (or rename) that container to "
                                            "be able to reuse that name.");
        rec["Name"] = "/" + name;
        db.prepare("UPDATE containers SET name = ?, data = ?, brief = ? WHERE namespace = ? AND id = ?")
            .bind(1, name)
            .bind(2, rec.dump())
            .bind(3, container::brief_of(rec).dump())
            .bind(4, config.namespace_)
            .bind(5, id)
            .run();
    });
}

}  // namespace tug::engine
