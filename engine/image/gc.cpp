// Mark (image records, leases) and sweep (content store, snapshots).
#include "engine/image/gc.hpp"

#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/content/store.hpp"
#include "engine/image/record.hpp"
#include "engine/image/store.hpp"
#include "engine/meta/database.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine::image {

GcReport collect_garbage(const EngineConfig& cfg, meta::Database& db) {
    std::set<std::string> blobs, snaps;
    db.read([&] {
        auto st = db.prepare("SELECT data FROM images");
        while (st.step()) {
            // A record that cannot be read stops the collection: what it keeps alive is unknown.
            const ImageRecord r = with_context("collect garbage", [&] { return decode_image_record(st.bytes(0)); });
            for (auto& b : r.blobs()) blobs.insert(std::move(b));
            for (auto& c : r.chain_ids()) snaps.insert(std::move(c));
        }
        auto ls = db.prepare("SELECT data FROM leases WHERE expires > ?1");
        ls.bind(1, static_cast<int64_t>(::time(nullptr)));
        while (ls.step()) {
            auto j = nlohmann::json::parse(ls.text(0), nullptr, false);
            if (!j.is_object()) continue;
            for (const auto& b : j.value("blobs", nlohmann::json::array()))
                if (b.is_string()) blobs.insert(b.get<std::string>());
            for (const auto& s : j.value("snapshots", nlohmann::json::array()))
                if (s.is_string()) snaps.insert(s.get<std::string>());
        }
    });

    GcReport report;
    snapshot::Snapshotter snapshotter = snapshot::Snapshotter::for_config(cfg);
    for (const auto& id : snapshotter.list()) {
        if (snaps.count(id)) continue;
        const uint64_t size = snapshotter.size(id);
        try {
            snapshotter.remove(id);
        } catch (const Error& e) {
            base::log_warning("gc: " + e.message());
            continue;
        }
        report.snapshots.push_back(id);
        report.reclaimed += size;
    }
    snapshotter.remove_stale_temporaries(std::chrono::hours(1));

    content::Store cs = content::Store::for_config(cfg);
    for (const auto& b : cs.list()) {
        if (blobs.count(b.digest)) continue;
        if (cs.remove(b.digest)) {
            report.blobs.push_back(b.digest);
            report.reclaimed += static_cast<uint64_t>(b.size);
        }
    }
    db.write([&] {
        for (const auto& id : report.snapshots)
            db.prepare("DELETE FROM snapshots WHERE chain_id = ?1").bind(1, id).run();
        db.prepare("DELETE FROM leases WHERE expires <= ?1").bind(1, static_cast<int64_t>(::time(nullptr))).run();
    });
    return report;
}

}  // namespace tug::engine::image
