// image_save: the images' blobs streamed from the content store into one tar, with
// index.json (OCI) and manifest.json/repositories (docker) describing them.
#include <set>

#include <nlohmann/json.hpp>

#include "engine/api/archive.hpp"
#include "engine/archive/layout.hpp"
#include "engine/archive/tar_writer.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/manifest.hpp"
#include "engine/image/store.hpp"
#include "engine/reference/reference.hpp"

namespace tug::engine {

namespace mt = content::media_type;
using nlohmann::json;

std::string archive::blob_entry(std::string_view digest) { return "blobs/sha256/" + content::digest_hex(digest); }

ArchiveFormat parse_archive_format(const std::string& s) {
    if (s.empty() || s == "docker") return ArchiveFormat::Combined;
    if (s == "docker-archive") return ArchiveFormat::DockerArchive;
    if (s == "oci-archive" || s == "oci") return ArchiveFormat::OciArchive;
    throw Error(Errc::InvalidArgument, "unsupported archive format \"" + s + "\" (docker-archive or oci-archive)");
}

namespace {

struct SavedImage {
    content::Descriptor top;            // index or manifest, as index.json lists it
    image::ParsedManifest manifest;     // the platform manifest manifest.json describes
    std::vector<reference::Reference> names;
};

// Adds desc and everything under it to blobs. Returns false when something is missing.
bool collect(const content::Store& cs, const content::Descriptor& desc, std::vector<std::string>& blobs,
             std::set<std::string>& seen) {
    if (!cs.exists(desc.digest)) return false;
    if (seen.insert(desc.digest).second) blobs.push_back(desc.digest);
    if (!mt::is_index(desc.media_type) && !mt::is_manifest(desc.media_type)) return true;
    const std::string bytes = cs.read_blob(desc.digest);
    const std::string type = image::manifest_media_type(desc.media_type, bytes);
    bool complete = true;
    if (mt::is_index(type)) {
        for (const auto& d : image::parse_index(type, desc.digest, bytes).manifests)
            complete = collect(cs, d, blobs, seen) && complete;
    } else {
        auto m = image::parse_manifest(type, desc.digest, bytes);
        complete = collect(cs, m.config, blobs, seen) && complete;
        for (const auto& l : m.layers)
            if (l.urls.empty()) complete = collect(cs, l, blobs, seen) && complete;
    }
    return complete;
}

image::ParsedManifest stored_manifest(const content::Store& cs, const std::string& digest, const std::string& type) {
    const std::string bytes = cs.read_blob(digest);
    return image::parse_manifest(image::manifest_media_type(type, bytes), digest, bytes);
}

}  // namespace

void image_save(const EngineConfig& cfg, const ImageSaveOptions& opts) {
    if (opts.images.empty()) throw Error(Errc::InvalidArgument, "save: no images given");
    image::ImageStore store(cfg);
    content::Store cs = content::Store::for_config(cfg);
    base::FileLock gc = store.gc_lock(base::FileLock::Mode::Shared);

    std::vector<SavedImage> images;
    std::vector<std::string> blobs;  // in the order they go into the tar
    std::set<std::string> seen;
    for (const auto& arg : opts.images) {
        with_context("save " + arg, [&] {
            std::string matched;
            image::ImageRecord rec = store.resolve(arg, &matched);
            SavedImage img;
            std::optional<image::RefRow> row;
            if (!matched.empty()) {
                auto ref = reference::parse_reference(matched);
                if (ref.digest.empty()) img.names.push_back(ref);
                row = store.ref(matched);
            }
            content::Descriptor manifest_desc{rec.manifest_media_type, rec.manifest_digest, rec.manifest_size};
            manifest_desc.platform = rec.platform;
            std::string index_digest = rec.index_digest;
            if (row && !row->target_digest.empty() && row->target_digest != rec.manifest_digest &&
                cs.exists(row->target_digest))
                index_digest = row->target_digest;

            std::vector<std::string> own;
            std::set<std::string> own_seen;
            if (!opts.platform.empty()) {
                const content::Platform want = image::parse_platform(opts.platform);
                if (!image::platform_matches(want, rec.platform)) {
                    const image::PlatformManifest* pm = nullptr;
                    for (const auto& p : rec.other_platforms)
                        if (image::platform_matches(want, p.platform)) pm = &p;
                    if (!pm)
                        throw Error(Errc::NotFound, "no manifest for platform " + opts.platform + " is stored");
                    manifest_desc = {pm->media_type, pm->digest, -1};
                    manifest_desc.platform = pm->platform;
                }
                index_digest.clear();
            }
            // A docker-archive describes one platform per image: the index stays out.
            if (opts.format == ArchiveFormat::DockerArchive && !opts.all_platforms) index_digest.clear();
            if (!index_digest.empty()) {
                const std::string bytes = cs.read_blob(index_digest);
                content::Descriptor idx{image::manifest_media_type(rec.index_media_type, bytes), index_digest,
                                        static_cast<int64_t>(bytes.size())};
                if (collect(cs, idx, own, own_seen)) {
                    img.top = idx;
                } else if (opts.all_platforms) {
                    throw Error(Errc::FailedPrecondition,
                                "not every platform of index " + index_digest +
                                    " is stored; pull with --all-platforms first");
                }
            } else if (opts.all_platforms && opts.platform.empty() && !rec.index_digest.empty()) {
                throw Error(Errc::FailedPrecondition, "index " + rec.index_digest + " is not stored");
            }
            if (img.top.digest.empty()) {
                own.clear();
                own_seen.clear();
                if (manifest_desc.size < 0) manifest_desc.size = static_cast<int64_t>(cs.info(manifest_desc.digest).size);
                if (!collect(cs, manifest_desc, own, own_seen))
                    throw Error(Errc::NotFound, "content of manifest " + manifest_desc.digest + " is incomplete");
                img.top = manifest_desc;
            }
            img.manifest = stored_manifest(cs, manifest_desc.digest, manifest_desc.media_type);
            for (auto& b : own)
                if (seen.insert(b).second) blobs.push_back(b);
            images.push_back(std::move(img));
        });
    }

    archive::TarWriter tar(opts.out_fd);
    const bool oci = opts.format != ArchiveFormat::DockerArchive;
    const bool docker = opts.format != ArchiveFormat::OciArchive;
    if (oci) tar.add_bytes("oci-layout", archive::kOciLayoutFile);
    tar.add_dir("blobs");
    tar.add_dir("blobs/sha256");
    for (const auto& b : blobs) tar.add_file(archive::blob_entry(b), cs.path(b));

    if (oci) {
        json manifests = json::array();
        for (const auto& img : images) {
            auto entry = [&](const reference::Reference* name) {
                content::Descriptor d = img.top;
                if (mt::is_index(d.media_type)) d.platform.reset();
                if (name) {
                    d.annotations[std::string(archive::kImageNameAnnotation)] = name->string();
                    d.annotations[std::string(archive::kRefNameAnnotation)] = name->tag;
                }
                manifests.push_back(json(d));
            };
            if (img.names.empty()) entry(nullptr);
            for (const auto& n : img.names) entry(&n);
        }
        json index = {{"schemaVersion", 2}, {"mediaType", mt::kOciIndex}, {"manifests", manifests}};
        tar.add_bytes("index.json", index.dump());
    }
    if (docker) {
        json mj = json::array();
        json repositories = json::object();
        for (const auto& img : images) {
            json tags = json::array();
            for (const auto& n : img.names) {
                // docker writes familiar names; podman reads those as localhost/..., so the
                // pure docker-archive form (podman's own) carries full names.
                tags.push_back(opts.format == ArchiveFormat::DockerArchive ? n.string() : n.familiar());
                if (!img.manifest.layers.empty())
                    repositories[n.familiar_name()][n.tag] = content::digest_hex(img.manifest.layers.back().digest);
            }
            json layers = json::array();
            for (const auto& l : img.manifest.layers) layers.push_back(archive::blob_entry(l.digest));
            mj.push_back({{"Config", archive::blob_entry(img.manifest.config.digest)},
                          {"RepoTags", tags.empty() ? json(nullptr) : tags},
                          {"Layers", layers}});
        }
        tar.add_bytes("manifest.json", mj.dump());
        if (!repositories.empty()) tar.add_bytes("repositories", repositories.dump());
    }
    tar.finish();
}

}  // namespace tug::engine
