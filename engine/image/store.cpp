// Image records and references in the metadata database; docker's name resolution.
#include "engine/image/store.hpp"

#include <ctime>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/image/record_fields.hpp"
#include "engine/image/record_legacy.hpp"
#include "engine/meta/codec.hpp"
#include "engine/meta/database.hpp"
#include "engine/meta/upgrade.hpp"
#include "engine/reference/reference.hpp"

namespace tug::engine::image {

namespace {

constexpr const char* kKind = "image";

RefRow read_ref(meta::Statement& st) {
    return {st.text(0), st.text(1), st.text_or_null(2).value_or(""), st.int64(3)};
}

bool is_hex_prefix(std::string_view s) {
    return !s.empty() && s.size() <= 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

ImageRecord decode_image_record(std::string_view stored) {
    return meta::decode_record_as<ImageRecord>(stored, kImageRecordVersion, kKind);
}

// As docker's daemon names it: a reference with its default tag ("No such image:
// alpine:latest"), anything else (an id, a digest) as given.
void throw_no_such_image(const std::string& s) {
    std::string shown = s;
    if (s.find('@') == std::string::npos && !s.starts_with("sha256:")) {
        try {
            shown = reference::parse_reference(s).familiar();
        } catch (const Error&) {
        }
    }
    throw Error(Errc::NotFound, "No such image: " + shown);
}

std::string short_id(const std::string& id) {
    std::string_view h = id;
    if (auto c = h.find(':'); c != std::string_view::npos) h.remove_prefix(c + 1);
    return std::string(h.substr(0, 12));
}

ImageStore::ImageStore(const EngineConfig& cfg) : cfg_(cfg), db_(meta::Database::open(cfg.database_path())) {
    // The first use of a store converts the records of before (JSON).
    meta::upgrade_data_column(*db_, kKind, "images", "id", kImageRecordVersion, image_from_legacy_json);
}

std::optional<ImageRecord> ImageStore::get(const std::string& id) const {
    auto st = db_->prepare("SELECT data FROM images WHERE namespace = ?1 AND id = ?2");
    st.bind(1, cfg_.namespace_).bind(2, id);
    if (!st.step()) return std::nullopt;
    return decode_image_record(st.bytes(0));
}

std::vector<ImageRecord> ImageStore::list() const {
    std::vector<ImageRecord> out;
    auto st = db_->prepare("SELECT data FROM images WHERE namespace = ?1");
    st.bind(1, cfg_.namespace_);
    while (st.step()) out.push_back(decode_image_record(st.bytes(0)));
    return out;
}

std::vector<RefRow> ImageStore::refs() const {
    std::vector<RefRow> out;
    auto st = db_->prepare(
        "SELECT reference, image_id, target_digest, updated FROM image_refs WHERE namespace = ?1 "
        "ORDER BY reference");
    st.bind(1, cfg_.namespace_);
    while (st.step()) out.push_back(read_ref(st));
    return out;
}

std::vector<RefRow> ImageStore::refs_of(const std::string& image_id) const {
    std::vector<RefRow> out;
    auto st = db_->prepare(
        "SELECT reference, image_id, target_digest, updated FROM image_refs "
        "WHERE namespace = ?1 AND image_id = ?2 ORDER BY reference");
    st.bind(1, cfg_.namespace_).bind(2, image_id);
    while (st.step()) out.push_back(read_ref(st));
    return out;
}

std::optional<RefRow> ImageStore::ref(const std::string& reference) const {
    auto st = db_->prepare(
        "SELECT reference, image_id, target_digest, updated FROM image_refs "
        "WHERE namespace = ?1 AND reference = ?2");
    st.bind(1, cfg_.namespace_).bind(2, reference);
    if (!st.step()) return std::nullopt;
    return read_ref(st);
}

ImageRecord ImageStore::resolve(const std::string& s, std::string* matched_ref) const {
    std::string_view hex = s;
    if (hex.starts_with("sha256:")) hex.remove_prefix(7);
    if (hex.size() == 64 && is_hex_prefix(hex)) {
        if (auto r = get("sha256:" + std::string(hex))) return *r;
    }
    if (!s.starts_with("sha256:")) {
        std::optional<reference::Reference> parsed;
        try {
            parsed = reference::parse_reference(s);
        } catch (const Error&) {
        }
        if (parsed) {
            if (auto row = ref(parsed->string())) {
                if (auto r = get(row->image_id)) {
                    if (matched_ref) *matched_ref = row->reference;
                    return *r;
                }
            }
            if (!parsed->digest.empty()) {
                // name@digest also finds an image pulled by tag whose manifest or index
                // has that digest, as long as the repository matches.
                const std::string repo = parsed->repository();
                for (const auto& row : refs()) {
                    auto r = get(row.image_id);
                    if (!r) continue;
                    const bool digest_match = r->manifest_digest == parsed->digest ||
                                              r->index_digest == parsed->digest ||
                                              row.target_digest == parsed->digest;
                    if (!digest_match) continue;
                    auto other = reference::parse_named(row.reference);
                    if (other.repository() != repo) continue;
                    if (matched_ref) *matched_ref = parsed->string();
                    return *r;
                }
            }
        }
    }
    if (is_hex_prefix(hex)) {
        auto st = db_->prepare("SELECT data FROM images WHERE namespace = ?1 AND substr(id, 8, ?2) = ?3");
        st.bind(1, cfg_.namespace_).bind(2, static_cast<int64_t>(hex.size())).bind(3, hex);
        std::vector<ImageRecord> found;
        while (st.step()) found.push_back(decode_image_record(st.bytes(0)));
        if (found.size() == 1) return found.front();
        if (found.size() > 1)
            throw Error(Errc::InvalidArgument, "multiple images found with provided prefix: " + s);
    }
    throw_no_such_image(s);
}

void ImageStore::put(const ImageRecord& r, const std::vector<RefRow>& refs,
                     const std::vector<SnapshotRow>& snapshots) {
    const int64_t now = ::time(nullptr);
    const std::string data = meta::encode_record(r, kImageRecordVersion);
    db_->write([&] {
        auto st = db_->prepare(
            "INSERT INTO images (namespace, id, data, created) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (namespace, id) DO UPDATE SET data = excluded.data");
        st.bind(1, cfg_.namespace_).bind(2, r.id).bind_blob(3, data).bind(4, now).run();
        for (const auto& ref : refs) set_ref(ref);
        for (const auto& s : snapshots) {
            auto ss = db_->prepare(
                "INSERT OR IGNORE INTO snapshots (chain_id, parent, size, created) VALUES (?1, ?2, ?3, ?4)");
            ss.bind(1, s.chain_id).bind(2, s.parent).bind(3, static_cast<int64_t>(s.size)).bind(4, now).run();
        }
    });
}

void ImageStore::set_ref(const RefRow& ref) {
    auto st = db_->prepare(
        "INSERT OR REPLACE INTO image_refs (namespace, reference, image_id, target_digest, updated) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    st.bind(1, cfg_.namespace_).bind(2, ref.reference).bind(3, ref.image_id);
    if (ref.target_digest.empty())
        st.bind_null(4);
    else
        st.bind(4, ref.target_digest);
    st.bind(5, ref.updated ? ref.updated : static_cast<int64_t>(::time(nullptr))).run();
}

bool ImageStore::remove_ref(const std::string& reference) {
    auto st = db_->prepare("DELETE FROM image_refs WHERE namespace = ?1 AND reference = ?2");
    st.bind(1, cfg_.namespace_).bind(2, reference).run();
    return db_->changes() > 0;
}

void ImageStore::remove_image(const std::string& id) {
    db_->write([&] {
        db_->prepare("DELETE FROM image_refs WHERE namespace = ?1 AND image_id = ?2")
            .bind(1, cfg_.namespace_)
            .bind(2, id)
            .run();
        db_->prepare("DELETE FROM images WHERE namespace = ?1 AND id = ?2").bind(1, cfg_.namespace_).bind(2, id).run();
    });
}

std::vector<std::string> ImageStore::containers_using(const std::string& id) const {
    std::vector<std::string> out;
    auto st = db_->prepare("SELECT id FROM containers WHERE namespace = ?1 AND image_id = ?2 ORDER BY created");
    st.bind(1, cfg_.namespace_).bind(2, id);
    while (st.step()) out.push_back(st.text(0));
    return out;
}

bool ImageStore::used_anywhere(const std::string& id) const {
    auto st = db_->prepare("SELECT 1 FROM containers WHERE image_id = ?1 LIMIT 1");
    st.bind(1, id);
    return st.step();
}

base::FileLock ImageStore::gc_lock(base::FileLock::Mode mode) const {
    base::make_dirs(cfg_.data_root, 0711);
    return base::FileLock::acquire(cfg_.data_root + "/gc.lock", mode);
}

}  // namespace tug::engine::image
