// The one-time upgrade of a kind of record to its current stored format: stores call it
// when they open the database, so that an older store is converted in place on first use.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"

namespace tug::engine::meta {

// One row whose record is older than the wanted format: its rowid (for the UPDATE), its
// key (to name it) and its stored bytes.
using UpgradeRow = std::function<void(int64_t rowid, std::string_view key, std::string_view data)>;

// Brings every record of `kind` in `table` (its `data` column) to format `version`:
// unless record_formats already says so, convert is called for each row whose version
// byte differs, all in one write transaction that then records the kind as upgraded.
// key_column names a row in errors: "upgrade container <id>: ...".
// Another process upgrading meanwhile is waited for and found done; a throw from convert
// rolls everything back, so nothing is half-converted. Checked once per process and
// database file.
void upgrade_records(Database& db, std::string_view kind, std::string_view table,
                     std::string_view key_column, uint8_t version, const UpgradeRow& convert);

// upgrade_records for a table whose rows hold nothing but the record: each old record
// is read by from_old (text -> T) and written back in the codec's format.
template <typename FromOld>
void upgrade_data_column(Database& db, std::string_view kind, std::string_view table,
                         std::string_view key_column, uint8_t version, FromOld from_old) {
    const std::string update = "UPDATE " + std::string(table) + " SET data = ? WHERE rowid = ?";
    upgrade_records(db, kind, table, key_column, version,
                    [&](int64_t rowid, std::string_view, std::string_view data) {
                        db.prepare(update)
                            .bind_blob(1, encode_record(from_old(data), version))
                            .bind(2, rowid)
                            .run();
                    });
}

}  // namespace tug::engine::meta
