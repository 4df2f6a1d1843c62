// image_import: a rootfs tarball as a one-layer image. The tarball is stored as the
// layer blob as it is (gzip/zstd/plain); xz and bzip2 are decompressed first, having no
// OCI media type.
#include <archive.h>
#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <memory>

#include <nlohmann/json.hpp>

#include "engine/api/archive.hpp"
#include "engine/archive/changes.hpp"
#include "engine/archive/stage.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/content/store.hpp"
#include "engine/image/record.hpp"
#include "engine/image/store.hpp"
#include "engine/lazy/archive.hpp"
#include "engine/reference/reference.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine {

namespace mt = content::media_type;
using nlohmann::json;

namespace {

struct ArchiveFree {
    void operator()(struct archive* a) const { lazy::archive().read_free(a); }
};

// Copies fd into path, hashing. Returns the staged file.
archive::StagedFile copy_hashed(int fd, const std::string& path) {
    base::UniqueFd out = base::open_fd(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    content::Sha256 hash;
    std::string buf(1 << 20, '\0');
    int64_t size = 0;
    for (;;) {
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw sys_error("read import source");
        if (n == 0) break;
        hash.update(buf.data(), static_cast<size_t>(n));
        base::write_all(out.get(), buf.data(), static_cast<size_t>(n));
        size += n;
    }
    return {path, hash.digest(), size};
}

// Decompresses path (any libarchive filter) to out_path when out_path is given, and
// returns the sha256 of the uncompressed bytes.
std::string uncompressed_digest(const std::string& path, const std::string& out_path = "") {
    std::unique_ptr<struct archive, ArchiveFree> a(lazy::archive().read_new());
    lazy::archive().read_support_filter_all(a.get());
    lazy::archive().read_support_format_raw(a.get());
    if (lazy::archive().read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
        throw Error(Errc::InvalidArgument,
                    std::string("import: ") + lazy::archive().error_string(a.get()));
    struct archive_entry* e = nullptr;
    if (lazy::archive().read_next_header(a.get(), &e) != ARCHIVE_OK)
        throw Error(Errc::InvalidArgument,
                    std::string("import: ") + lazy::archive().error_string(a.get()));
    base::UniqueFd out;
    if (!out_path.empty()) out = base::open_fd(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    content::Sha256 hash;
    std::string buf(1 << 20, '\0');
    for (;;) {
        la_ssize_t n = lazy::archive().read_data(a.get(), buf.data(), buf.size());
        if (n < 0)
            throw Error(Errc::InvalidArgument,
                        std::string("import: ") + lazy::archive().error_string(a.get()));
        if (n == 0) break;
        hash.update(buf.data(), static_cast<size_t>(n));
        if (out) base::write_all(out.get(), buf.data(), static_cast<size_t>(n));
    }
    return hash.digest();
}

std::string magic_type(const std::string& path) {
    unsigned char m[6] = {};
    base::UniqueFd fd = base::open_fd(path.c_str(), O_RDONLY);
    const ssize_t n = ::read(fd.get(), m, sizeof m);
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) return std::string(mt::kOciLayerGzip);
    if (n >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) return std::string(mt::kOciLayerZstd);
    if (n >= 6 && m[0] == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z') return "xz";
    if (n >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') return "bzip2";
    return std::string(mt::kOciLayer);
}

std::string rfc3339_now() {
    char buf[32];
    const time_t t = ::time(nullptr);
    struct tm tm{};
    ::gmtime_r(&t, &tm);
    ::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

std::string image_import(const EngineConfig& cfg, const ImageImportOptions& opts) {
    return with_context("import " + opts.source, [&] {
        std::optional<reference::Reference> name;
        if (!opts.reference.empty()) name = reference::parse_reference(opts.reference);
        const content::Platform platform =
            opts.platform.empty() ? image::host_platform() : image::parse_platform(opts.platform);
        json config = json::object();
        for (const auto& c : opts.changes) archive::apply_change(config, c);

        base::make_dirs(cfg.data_root + "/tmp", 0700);
        base::TempDir tmp(cfg.data_root + "/tmp", ".import-");
        archive::StagedFile layer;
        layer = copy_hashed(opts.in_fd, tmp.path() + "/layer");
        std::string media_type = magic_type(layer.path);
        std::string diff_id;
        if (media_type == "xz" || media_type == "bzip2") {
            const std::string plain = tmp.path() + "/layer.tar";
            diff_id = uncompressed_digest(layer.path, plain);
            base::UniqueFd in = base::open_fd(plain.c_str(), O_RDONLY);
            layer = copy_hashed(in.get(), tmp.path() + "/layer.plain");
            media_type = std::string(mt::kOciLayer);
        } else {
            diff_id = media_type == mt::kOciLayer ? layer.digest : uncompressed_digest(layer.path);
        }

        image::ImageStore store(cfg);
        content::Store cs = content::Store::for_config(cfg);
        snapshot::Snapshotter snaps = snapshot::Snapshotter::for_config(cfg);
        base::FileLock gc = store.gc_lock(base::FileLock::Mode::Shared);
        base::UndoStack undo;
        if (!cs.exists(layer.digest)) {
            undo.push("remove layer blob", [&cs, d = layer.digest] { cs.remove(d); });
            archive::adopt_blob(cs, layer, layer.digest);
        }
        const std::string chain = diff_id;
        if (!snaps.exists(chain)) {
            content::Reader reader = cs.open_reader(layer.digest);
            snapshot::FdSource fsrc(reader.fd());
            auto res = snaps.unpack({chain, "", diff_id, layer.digest, {}}, fsrc);
            if (!res.existed) undo.push("remove snapshot", [&snaps, chain] { snaps.remove(chain); });
        }

        const std::string created = rfc3339_now();
        const std::string comment = opts.message.empty() ? "Imported from " + opts.source : opts.message;
        json image_config = {{"architecture", platform.architecture},
                             {"os", platform.os},
                             {"created", created},
                             {"config", config},
                             {"rootfs", {{"type", "layers"}, {"diff_ids", {diff_id}}}},
                             {"history", {{{"created", created}, {"comment", comment}}}}};
        if (!platform.variant.empty()) image_config["variant"] = platform.variant;
        if (!opts.message.empty()) image_config["comment"] = opts.message;
        const std::string config_bytes = image_config.dump();
        const std::string config_digest = content::sha256_digest(config_bytes);
        json manifest = {{"schemaVersion", 2},
                         {"mediaType", mt::kOciManifest},
                         {"config", {{"mediaType", mt::kOciConfig}, {"digest", config_digest},
                                     {"size", config_bytes.size()}}},
                         {"layers", {{{"mediaType", media_type}, {"digest", layer.digest}, {"size", layer.size}}}}};
        const std::string manifest_bytes = manifest.dump();
        const std::string manifest_digest = content::sha256_digest(manifest_bytes);
        for (const auto* b : {&config_bytes, &manifest_bytes}) {
            const std::string d = content::sha256_digest(*b);
            if (cs.exists(d)) continue;
            undo.push("remove blob", [&cs, d] { cs.remove(d); });
            cs.write_blob(*b, d);
        }

        image::ImageRecord r;
        r.id = config_digest;
        r.config_media_type = std::string(mt::kOciConfig);
        r.manifest_digest = manifest_digest;
        r.manifest_media_type = std::string(mt::kOciManifest);
        r.manifest_size = static_cast<int64_t>(manifest_bytes.size());
        r.platform = platform;
        r.layers.push_back({layer.digest, media_type, layer.size, diff_id, chain, {}});
        r.size = static_cast<int64_t>(snaps.diff_size(chain));
        r.created = created;
        r.stored = ::time(nullptr);
        std::vector<image::RefRow> refs;
        if (name) refs.push_back({name->string(), r.id, manifest_digest, 0});
        store.put(r, refs, {{chain, "", snaps.size(chain)}});
        undo.commit();
        return r.id;
    });
}

}  // namespace tug::engine
