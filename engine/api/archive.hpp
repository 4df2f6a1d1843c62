// Engine API for image archives: save (docker 25+'s combined OCI layout + manifest.json,
// or the pure docker-archive / oci-archive forms), load, import of a rootfs tarball and
// export of a container's file system.
#pragma once

#include <string>
#include <vector>

#include "engine/api/config.hpp"

namespace tug::engine {

enum class ArchiveFormat {
    Combined,       // oci-layout + index.json + manifest.json + repositories (docker 25+)
    DockerArchive,  // manifest.json + repositories, blobs under blobs/sha256/
    OciArchive,     // oci-layout + index.json + blobs
};

// "docker-archive", "oci-archive", "" (combined). InvalidArgument otherwise.
ArchiveFormat parse_archive_format(const std::string& s);

struct ImageSaveOptions {
    std::vector<std::string> images;  // names, ids, id prefixes or name@digest
    ArchiveFormat format = ArchiveFormat::Combined;
    std::string platform;        // "os/arch[/variant]": save only that platform's manifest
    bool all_platforms = false;  // save whole indexes (every platform must be stored)
    int out_fd = -1;             // where the tar goes (not closed)
};

// Writes one tar with the images' blobs streamed from the content store as they are
// (no recompression). Without platform options an image pulled through an index is
// saved as the whole index when every platform is stored, else as its own manifest.
void image_save(const EngineConfig& cfg, const ImageSaveOptions& opts);

struct ImageLoadOptions {
    int in_fd = -1;  // a tar, plain or gzip/zstd/xz/bzip2-compressed (not closed)
};

struct ImageLoadReport {
    // docker's lines, in archive order: "Loaded image: busybox:latest",
    // "Loaded image ID: sha256:...".
    std::vector<std::string> lines;
};

// Loads every image of an archive in any of the three formats. All or nothing: an
// entry escaping the archive root, a blob not matching its digest, or a broken layer
// rejects the archive, and the blobs and snapshots it added are removed again.
ImageLoadReport image_load(const EngineConfig& cfg, const ImageLoadOptions& opts);

struct ImageImportOptions {
    std::string source;     // what the caller read in_fd from, as the user named it ("-": stdin)
    int in_fd = -1;         // the archive (not closed)
    std::string reference;  // "" -> untagged
    std::vector<std::string> changes;  // Dockerfile lines: CMD, ENTRYPOINT, ENV, ...
    std::string message;               // history comment
    std::string platform;              // "os/arch[/variant]"; "" -> the host's
};

// A rootfs tarball (compressed or not) as a one-layer image. Returns the image id.
std::string image_import(const EngineConfig& cfg, const ImageImportOptions& opts);

struct ContainerExportOptions {
    std::string container;  // name, id or id prefix
    int out_fd = -1;
};

// The container's merged file system as a tar.
void container_export(const EngineConfig& cfg, const ContainerExportOptions& opts);

}  // namespace tug::engine
