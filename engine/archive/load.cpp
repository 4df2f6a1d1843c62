// image_load: stage the archive, find its images (index.json and/or manifest.json),
// verify and adopt their blobs, unpack the layers, and record everything in one
// transaction; on any failure what this load added is removed again.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/api/archive.hpp"
#include "engine/archive/layout.hpp"
#include "engine/archive/pre_unpack.hpp"
#include "engine/archive/stage.hpp"
#include "engine/base/error.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/content/store.hpp"
#include "engine/image/manifest.hpp"
#include "engine/image/store.hpp"
#include "engine/lazy/isal.hpp"
#include "engine/lazy/openssl.hpp"
#include "engine/meta/database.hpp"
#include "engine/reference/reference.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine {

namespace mt = content::media_type;
using nlohmann::json;

namespace {

struct Item {
    content::Descriptor top;
    std::vector<reference::Reference> names;
};

void add_name(Item& item, const reference::Reference& r) {
    for (const auto& n : item.names)
        if (n == r) return;
    item.names.push_back(r);
}

std::optional<reference::Reference> name_of(const content::Descriptor& d) {
    auto try_parse = [](const std::string& s) -> std::optional<reference::Reference> {
        try {
            auto r = reference::parse_reference(s);
            if (r.digest.empty()) return r;
        } catch (const Error&) {
        }
        return std::nullopt;
    };
    if (auto it = d.annotations.find(std::string(archive::kImageNameAnnotation)); it != d.annotations.end())
        if (auto r = try_parse(it->second)) return r;
    if (auto it = d.annotations.find(std::string(archive::kRefNameAnnotation)); it != d.annotations.end()) {
        // OCI's ref.name is often a bare tag ("latest"): only a full name names the image.
        if (it->second.find_first_of("/:") != std::string::npos)
            if (auto r = try_parse(it->second)) return r;
    }
    return std::nullopt;
}

std::string detect_layer_type(const archive::StagedFile& f) {
    unsigned char magic[4] = {};
    base::UniqueFd fd = base::open_fd(f.path.c_str(), O_RDONLY);
    const ssize_t n = ::read(fd.get(), magic, sizeof magic);
    if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return std::string(mt::kDockerLayerGzip);
    if (n >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        return "application/vnd.docker.image.rootfs.diff.tar.zstd";
    return "application/vnd.docker.image.rootfs.diff.tar";
}

class Loader {
public:
    Loader(const EngineConfig& cfg, archive::StagedArchive& staged, archive::PreUnpacker* pre)
        : cfg_(cfg), store_(cfg), cs_(content::Store::for_config(cfg)),
          snaps_(snapshot::Snapshotter::for_config(cfg)), staged_(staged), pre_(pre) {}

    ImageLoadReport run();

private:
    std::vector<Item> find_items();
    Item item_from_docker_manifest(const json& entry);
    std::string blob_bytes(const content::Descriptor& d);
    bool complete(const image::ParsedManifest& m) const;
    void adopt(const std::string& digest);
    image::ImageRecord load_item(const Item& item);
    image::ImageRecord load_manifest(const image::ParsedManifest& m);
    image::PlatformManifest other_platform(const image::ParsedManifest& m);

    const EngineConfig& cfg_;
    image::ImageStore store_;
    content::Store cs_;
    snapshot::Snapshotter snaps_;
    archive::StagedArchive& staged_;
    archive::PreUnpacker* pre_;  // nullptr: every layer is unpacked here
    base::UndoStack undo_;
    std::vector<std::pair<image::ImageRecord, std::vector<image::SnapshotRow>>> records_;
    std::set<std::string> adopted_;
    std::map<std::string, std::string> synthesized_;  // digest -> bytes, not in the archive
};

std::string Loader::blob_bytes(const content::Descriptor& d) {
    if (auto it = synthesized_.find(d.digest); it != synthesized_.end()) return it->second;
    const archive::StagedFile* f = staged_.blob(d.digest);
    if (!f) throw Error(Errc::InvalidArgument, "blob " + d.digest + " is missing from the archive");
    if (f->digest != d.digest)
        throw Error(Errc::InvalidArgument, "blob " + d.digest + ": digest mismatch: got " + f->digest);
    if (d.size >= 0 && f->size != d.size)
        throw Error(Errc::InvalidArgument, "blob " + d.digest + ": size " + std::to_string(f->size) +
                                               ", descriptor says " + std::to_string(d.size));
    return staged_.read(*f);
}

bool Loader::complete(const image::ParsedManifest& m) const {
    if (!staged_.blob(m.config.digest)) return false;
    for (const auto& l : m.layers)
        if (l.urls.empty() && !staged_.blob(l.digest)) return false;
    return true;
}

void Loader::adopt(const std::string& digest) {
    if (!adopted_.insert(digest).second) return;
    if (auto it = synthesized_.find(digest); it != synthesized_.end()) {
        if (cs_.exists(digest)) return;
        undo_.push("remove blob " + digest, [this, digest] { cs_.remove(digest); });
        cs_.write_blob(it->second, digest);
        return;
    }
    const archive::StagedFile* f = staged_.blob(digest);
    if (!f) throw Error(Errc::InvalidArgument, "blob " + digest + " is missing from the archive");
    if (f->digest != digest)
        throw Error(Errc::InvalidArgument, "blob " + digest + ": digest mismatch: got " + f->digest);
    if (cs_.exists(digest)) return;
    undo_.push("remove blob " + digest, [this, digest] { cs_.remove(digest); });
    archive::adopt_blob(cs_, *f, digest);
}

Item Loader::item_from_docker_manifest(const json& entry) {
    Item item;
    const std::string config_path = entry.value("Config", "");
    const archive::StagedFile* cf = staged_.find(config_path);
    if (!cf) throw Error(Errc::InvalidArgument, "manifest.json: config " + config_path + " is not in the archive");
    std::vector<const archive::StagedFile*> layers;
    for (const auto& l : entry.value("Layers", json::array())) {
        const std::string p = l.get<std::string>();
        const archive::StagedFile* lf = staged_.find(p);
        if (!lf) throw Error(Errc::InvalidArgument, "manifest.json: layer " + p + " is not in the archive");
        layers.push_back(lf);
    }
    // A manifest stored among the blobs (tug's and docker 25's saves) keeps its digest.
    for (const auto& [name, f] : staged_.files()) {
        if (!name.starts_with("blobs/") || f.size > (4 << 20) || f.size < 2) continue;
        json j = json::parse(staged_.read(f), nullptr, false);
        if (!j.is_object() || !j.contains("config") || !j["config"].is_object()) continue;
        if (j["config"].value("digest", "") != cf->digest) continue;
        const auto& ls = j.value("layers", json::array());
        if (ls.size() != layers.size()) continue;
        bool same = true;
        for (size_t i = 0; i < ls.size() && same; ++i) same = ls[i].value("digest", "") == layers[i]->digest;
        if (!same) continue;
        item.top = {image::manifest_media_type("", staged_.read(f)), f.digest, f.size};
        return item;
    }
    json ls = json::array();
    for (const auto* lf : layers)
        ls.push_back({{"mediaType", detect_layer_type(*lf)}, {"size", lf->size}, {"digest", lf->digest}});
    json m = {{"schemaVersion", 2},
              {"mediaType", mt::kDockerManifest},
              {"config", {{"mediaType", mt::kDockerConfig}, {"size", cf->size}, {"digest", cf->digest}}},
              {"layers", ls}};
    const std::string bytes = m.dump();
    const std::string digest = content::sha256_digest(bytes);
    synthesized_[digest] = bytes;
    // The config and layers are found by digest from here on.
    item.top = {std::string(mt::kDockerManifest), digest, static_cast<int64_t>(bytes.size())};
    return item;
}

std::vector<Item> Loader::find_items() {
    std::vector<Item> items;
    std::map<std::string, size_t> by_digest;
    std::map<std::string, size_t> by_config;  // config digest -> item (manifest.json matching)
    if (const archive::StagedFile* f = staged_.find("index.json")) {
        auto index = image::parse_index(std::string(mt::kOciIndex), "index.json", staged_.read(*f));
        for (const auto& d : index.manifests) {
            auto [it, fresh] = by_digest.emplace(d.digest, items.size());
            if (fresh) items.push_back({d, {}});
            if (auto n = name_of(d)) add_name(items[it->second], *n);
        }
        for (size_t i = 0; i < items.size(); ++i) {
            const auto& top = items[i].top;
            const std::string bytes = blob_bytes(top);
            const std::string type = image::manifest_media_type(top.media_type, bytes);
            if (mt::is_manifest(type)) {
                by_config[image::parse_manifest(type, top.digest, bytes).config.digest] = i;
            } else if (mt::is_index(type)) {
                for (const auto& d : image::parse_index(type, top.digest, bytes).manifests) {
                    const archive::StagedFile* mf = staged_.blob(d.digest);
                    if (!mf || !mt::is_manifest(d.media_type)) continue;
                    by_config.emplace(image::parse_manifest(d.media_type, d.digest, blob_bytes(d)).config.digest, i);
                }
            }
        }
    }
    if (const archive::StagedFile* f = staged_.find("manifest.json")) {
        const json mj = image::parse_json(staged_.read(*f), "manifest.json");
        if (!mj.is_array()) throw Error(Errc::InvalidArgument, "manifest.json: not a list");
        for (const auto& entry : mj) {
            const archive::StagedFile* cf = staged_.find(entry.value("Config", ""));
            size_t idx;
            if (cf && by_config.count(cf->digest)) {
                idx = by_config[cf->digest];
            } else {
                Item item = item_from_docker_manifest(entry);
                auto [it, fresh] = by_digest.emplace(item.top.digest, items.size());
                if (fresh) items.push_back(std::move(item));
                idx = it->second;
                if (cf) by_config[cf->digest] = idx;
            }
            if (entry.contains("RepoTags") && entry["RepoTags"].is_array())
                for (const auto& t : entry["RepoTags"]) add_name(items[idx], reference::parse_reference(t.get<std::string>()));
        }
    }
    if (items.empty()) throw Error(Errc::InvalidArgument, "no index.json or manifest.json: not an image archive");
    return items;
}

image::PlatformManifest Loader::other_platform(const image::ParsedManifest& m) {
    adopt(m.digest);
    adopt(m.config.digest);
    image::PlatformManifest pm{m.digest, m.media_type, {}, m.config.digest, {}};
    auto cfg = image::parse_json(blob_bytes(m.config), "image config " + m.config.digest);
    pm.platform = {cfg.value("architecture", ""), cfg.value("os", ""), cfg.value("variant", ""), "", {}};
    for (const auto& l : m.layers) {
        if (!l.urls.empty()) continue;
        adopt(l.digest);
        pm.layer_digests.push_back(l.digest);
    }
    return pm;
}

image::ImageRecord Loader::load_manifest(const image::ParsedManifest& m) {
    adopt(m.digest);
    adopt(m.config.digest);
    const std::string config_bytes = blob_bytes(m.config);
    auto cfg = image::parse_json(config_bytes, "image config " + m.config.digest);
    std::vector<std::string> diff_ids;
    if (cfg.contains("rootfs") && cfg["rootfs"].contains("diff_ids"))
        diff_ids = cfg["rootfs"]["diff_ids"].get<std::vector<std::string>>();
    if (diff_ids.size() != m.layers.size())
        throw Error(Errc::InvalidArgument, "image config " + m.config.digest + " lists " +
                                               std::to_string(diff_ids.size()) + " layers, the manifest " +
                                               std::to_string(m.layers.size()));
    const auto chains = snapshot::chain_ids(diff_ids);
    image::ImageRecord r;
    r.id = m.config.digest;
    r.config_media_type = m.config.media_type;
    r.manifest_digest = m.digest;
    r.manifest_media_type = m.media_type;
    r.manifest_size = static_cast<int64_t>(m.bytes.size());
    r.platform = {cfg.value("architecture", ""), cfg.value("os", ""), cfg.value("variant", ""), "", {}};
    std::vector<image::SnapshotRow> rows;
    std::vector<size_t> missing;
    for (size_t i = 0; i < m.layers.size(); ++i) {
        adopt(m.layers[i].digest);
        if (!snaps_.exists(chains[i])) missing.push_back(i);
    }
    std::mutex mu;
    auto unpack = [&](size_t i) {
        snapshot::LayerUnpack lu{chains[i], i ? chains[i - 1] : "", diff_ids[i], m.layers[i].digest, {}};
        const std::string chain = chains[i];
        std::optional<snapshot::UnpackResult> res;
        if (pre_)
            if (auto prepared = pre_->claim(m.layers[i].digest))
                res = snaps_.commit_prepared(lu, std::move(*prepared));
        if (!res) {
            content::Reader reader = cs_.open_reader(m.layers[i].digest);
            snapshot::FdSource src(reader.fd());
            res = snaps_.unpack(lu, src);
        }
        std::lock_guard lock(mu);
        if (!res->existed) undo_.push("remove snapshot " + chain, [this, chain] { snaps_.remove(chain); });
    };
    // Overlay snapshots are independent: decompress and write several layers at once.
    const size_t workers = snaps_.independent_layers()
                               ? std::min<size_t>(missing.size(), std::max(2u, std::thread::hardware_concurrency()))
                               : 1;
    if (workers <= 1) {
        for (size_t i : missing) unpack(i);
    } else {
        std::atomic<size_t> next{0};
        std::exception_ptr first;
        std::vector<std::thread> threads;
        for (size_t w = 0; w < workers; ++w)
            threads.emplace_back([&] {
                for (size_t k; (k = next++) < missing.size();) {
                    try {
                        unpack(missing[k]);
                    } catch (...) {
                        std::lock_guard lock(mu);
                        if (!first) first = std::current_exception();
                        next = missing.size();
                    }
                }
            });
        for (auto& t : threads) t.join();
        if (first) std::rethrow_exception(first);
    }
    for (size_t i = 0; i < m.layers.size(); ++i) {
        const auto& l = m.layers[i];
        r.layers.push_back({l.digest, l.media_type, l.size, diff_ids[i], chains[i], l.urls});
        r.size += static_cast<int64_t>(snaps_.diff_size(chains[i]));
        rows.push_back({chains[i], i ? chains[i - 1] : "", snaps_.size(chains[i])});
    }
    r.created = cfg.value("created", "");
    r.stored = ::time(nullptr);
    records_.push_back({r, rows});
    return r;
}

image::ImageRecord Loader::load_item(const Item& item) {
    const std::string bytes = blob_bytes(item.top);
    const std::string type = image::manifest_media_type(item.top.media_type, bytes);
    if (mt::is_manifest(type)) return load_manifest(image::parse_manifest(type, item.top.digest, bytes));
    if (!mt::is_index(type)) throw Error(Errc::InvalidArgument, "unsupported manifest media type \"" + type + "\"");
    auto index = image::parse_index(type, item.top.digest, bytes);
    std::vector<image::ParsedManifest> present;
    std::vector<content::Platform> platforms;
    for (const auto& d : index.manifests) {
        if (image::is_attestation(d) || !mt::is_manifest(d.media_type) || !staged_.blob(d.digest)) continue;
        auto m = image::parse_manifest(d.media_type, d.digest, blob_bytes(d));
        if (!complete(m)) continue;
        present.push_back(std::move(m));
        platforms.push_back(d.platform.value_or(content::Platform{}));
    }
    if (present.empty())
        throw Error(Errc::InvalidArgument, "index " + item.top.digest + ": no platform's content is in the archive");
    size_t chosen = 0;
    const content::Platform host = image::host_platform();
    for (size_t i = 0; i < present.size(); ++i)
        if (image::platform_matches(host, platforms[i])) {
            chosen = i;
            break;
        }
    adopt(item.top.digest);
    image::ImageRecord rec = load_manifest(present[chosen]);
    auto& stored = records_.back().first;
    stored.index_digest = item.top.digest;
    stored.index_media_type = type;
    for (size_t i = 0; i < present.size(); ++i)
        if (i != chosen) stored.other_platforms.push_back(other_platform(present[i]));
    return stored;
}

ImageLoadReport Loader::run() {
    base::FileLock gc = store_.gc_lock(base::FileLock::Mode::Shared);
    std::vector<Item> items = find_items();
    staged_.sync_all();
    std::vector<std::string> ids;
    for (const auto& item : items)
        ids.push_back(with_context("image " + item.top.digest, [&] { return load_item(item).id; }));

    ImageLoadReport report;
    store_.db().write([&] {
        for (size_t i = 0; i < records_.size(); ++i) {
            auto& [rec, rows] = records_[i];
            if (auto old = store_.get(rec.id)) {
                // Keep what an earlier pull or load recorded about other platforms.
                for (const auto& p : old->other_platforms) {
                    bool have = false;
                    for (const auto& q : rec.other_platforms) have = have || q.digest == p.digest;
                    if (!have) rec.other_platforms.push_back(p);
                }
                if (rec.index_digest.empty()) {
                    rec.index_digest = old->index_digest;
                    rec.index_media_type = old->index_media_type;
                }
            }
            std::vector<image::RefRow> refs;
            for (const auto& n : items[i].names) refs.push_back({n.string(), rec.id, items[i].top.digest, 0});
            store_.put(rec, refs, rows);
        }
    });
    undo_.commit();
    for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].names.empty()) report.lines.push_back("Loaded image ID: " + ids[i]);
        for (const auto& n : items[i].names) report.lines.push_back("Loaded image: " + n.familiar());
    }
    return report;
}

}  // namespace

ImageLoadReport image_load(const EngineConfig& cfg, const ImageLoadOptions& opts) {
    // The libraries load needs, opened and their tables resolved while the store is set
    // up and the archive starts streaming: from a cold page cache each takes milliseconds
    // to map, which staging and the first layer's unpack would wait for. dlopen and dlsym
    // share one lock: the digest functions staging calls come first, then ISA-L.
    // libarchive is not needed unless a layer is zstd'ed or xz'ed. A library that fails to
    // load is reported where it is used, not here.
    std::thread preload([] {
        try {
            (void)lazy::crypto();
        } catch (const Error&) {
        }
        try {
            (void)lazy::isal();
        } catch (const Error&) {
        }
    });
    base::ScopeGuard join_preload([&] { preload.join(); });
    return with_context("load", [&] {
        // Layers are unpacked while the archive is read, where the snapshotter allows.
        const auto snaps = snapshot::Snapshotter::for_config(cfg);
        std::optional<archive::PreUnpacker> pre;
        if (snaps.independent_layers()) pre.emplace(snaps, std::max(2u, std::thread::hardware_concurrency()));
        archive::StagedArchive staged(opts.in_fd, cfg.data_root + "/tmp", pre ? &*pre : nullptr);
        Loader loader(cfg, staged, pre ? &*pre : nullptr);
        return loader.run();
    });
}

}  // namespace tug::engine
