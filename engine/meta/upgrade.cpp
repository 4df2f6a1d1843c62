// Upgrades stored records kind by kind (see upgrade.hpp).
#include "engine/meta/upgrade.hpp"

#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"

namespace tug::engine::meta {

void upgrade_records(Database& db, std::string_view kind, std::string_view table,
                     std::string_view key_column, uint8_t version, const UpgradeRow& convert) {
    // A process opens a store many times (each command's store objects): the record_formats
    // query is paid once per database and kind.
    static std::mutex mutex;
    static auto* done = new std::set<std::pair<std::string, std::string>>();
    std::lock_guard lock(mutex);
    const std::pair<std::string, std::string> once{db.path(), std::string(kind)};
    if (done->count(once)) return;
    if (db.record_format(kind) < version) {
        db.write([&] {
            if (db.record_format(kind) >= version) return;  // another process did it meanwhile
            std::vector<std::tuple<int64_t, std::string, std::string>> rows;
            {
                auto st = db.prepare("SELECT rowid, " + std::string(key_column) + ", data FROM " +
                                     std::string(table));
                while (st.step())
                    if (record_version(st.bytes(2)) != version)
                        rows.emplace_back(st.int64(0), st.text(1), std::string(st.bytes(2)));
            }
            for (const auto& [rowid, key, data] : rows)
                with_context("upgrade " + std::string(kind) + " " + key,
                             [&] { convert(rowid, key, data); });
            db.set_record_format(kind, version);
        });
    }
    done->insert(once);
}

}  // namespace tug::engine::meta
