// Engine API for images: pull, push, list, tag, remove, inspect, history, prune and
// disk usage. Commands (and compose, CRI, `run`) fill these options and render reports.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"

namespace tug::engine {

// --- progress ---------------------------------------------------------------------

// docker's per-layer statuses, in the order a layer goes through them.
enum class ProgressStatus {
    PullingFsLayer,
    Waiting,
    Downloading,        // current/total: compressed bytes received
    VerifyingChecksum,
    DownloadComplete,
    Extracting,         // current/total: compressed bytes unpacked
    PullComplete,
    AlreadyExists,
    Preparing,
    Pushing,            // current/total: bytes sent
    Pushed,
    LayerAlreadyExists,
    MountedFrom,        // detail: the repository it was mounted from
};

// docker's wording: "Pulling fs layer", "Download complete", "Layer already exists", ...
std::string_view progress_status_text(ProgressStatus s);

struct ProgressEvent {
    std::string id;  // 12 hex characters of the layer's digest
    ProgressStatus status = ProgressStatus::Waiting;
    int64_t current = 0;
    int64_t total = 0;  // 0 when not a byte count
    std::string detail;
};

// Receives pull/push progress. The engine serializes calls (one at a time, from
// worker threads), so an implementation needs no locking of its own.
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // A line of its own: "latest: Pulling from library/alpine", "Digest: sha256:...".
    virtual void message(const std::string& line) = 0;
    virtual void progress(const ProgressEvent& event) = 0;
};

// --- pull / push --------------------------------------------------------------------

struct ImagePullOptions {
    std::string reference;     // as typed: "alpine", "host:5000/a/b:t", "x@sha256:..."
    std::string platform;      // "os/arch[/variant]"; "" -> the host's
    bool all_platforms = false;  // store every platform of an index; unpack the chosen one
    ProgressSink* progress = nullptr;
};

struct ImagePullReport {
    std::string reference;  // normalized: "docker.io/library/alpine:latest"
    std::string familiar;   // "alpine:latest"
    std::string digest;     // what the reference resolved to (index or manifest)
    std::string image_id;   // "sha256:<config digest>"
    bool up_to_date = false;  // nothing new was downloaded
};

// Resolves the manifest, downloads missing blobs in parallel (cfg.max_concurrent_downloads),
// unpacking each layer while it streams in, and records the image and its reference in
// one transaction. Already present: one manifest request. A killed pull resumes.
ImagePullReport image_pull(const EngineConfig& cfg, const ImagePullOptions& opts);

struct ImagePushOptions {
    std::string reference;  // a local tag: "host:5000/app:1" ("latest" when no tag)
    bool all_platforms = false;  // push the whole index the image was pulled from
    ProgressSink* progress = nullptr;
};

struct ImagePushReport {
    std::string reference;  // normalized
    std::string tag;        // "" when pushed by digest
    std::string digest;     // of the manifest or index pushed
    int64_t size = 0;       // its byte size
};

// Pushes blobs the registry lacks (HEAD first, cross-repository mount within one
// registry), then the stored manifest bytes unchanged, so digests are preserved.
ImagePushReport image_push(const EngineConfig& cfg, const ImagePushOptions& opts);

// --- local images -------------------------------------------------------------------

struct ImageSummary {
    std::string id;  // "sha256:<hex>"
    std::vector<std::string> repo_tags;     // familiar: "alpine:latest"
    std::vector<std::string> repo_digests;  // familiar: "alpine@sha256:..."
    int64_t created = 0;                    // unix seconds (from the image config)
    int64_t size = 0;                       // unpacked bytes
    std::map<std::string, std::string> labels;
    int64_t containers = 0;                 // containers using it
};

struct ImageListOptions {
    bool all = false;                  // -a (no intermediate images exist yet: same list)
    std::vector<std::string> filters;  // "reference=alpine*", "dangling=true", "label=k[=v]",
                                       // "before=<image>", "since=<image>"
};

// Newest first. InvalidArgument for an unknown filter ("invalid filter 'x'").
std::vector<ImageSummary> image_list(const EngineConfig& cfg, const ImageListOptions& opts);

// Adds target (a reference) to the image source names. NotFound: "No such image: x".
void image_tag(const EngineConfig& cfg, const std::string& source, const std::string& target);

struct ImageRemoveOptions {
    std::string image;  // name, id, id prefix or name@digest
    bool force = false;
};

// One line of rmi output.
struct ImageRemoveItem {
    bool deleted = false;  // false: "Untagged: <value>"; true: "Deleted: <value>"
    std::string value;
};

// docker's rmi for one image: untags a name (deleting the image with its last name),
// deletes by id. Conflict (docker's wording) when the image is in use or has several
// names and force is not set. Unreferenced snapshots and blobs are removed with it.
std::vector<ImageRemoveItem> image_remove(const EngineConfig& cfg, const ImageRemoveOptions& opts);

// docker's `image inspect` object for one image. NotFound: "No such image: x".
nlohmann::json inspect_image(const EngineConfig& cfg, const std::string& ref);

struct ImageHistoryEntry {
    std::string id;  // the image id for the top entry, "<missing>" for the others
    int64_t created = 0;
    std::string created_by;
    int64_t size = 0;
    std::string comment;
    std::vector<std::string> tags;  // the image's tags, top entry only
};

// Newest first, like docker.
std::vector<ImageHistoryEntry> image_history(const EngineConfig& cfg, const std::string& ref);

struct ImagePruneOptions {
    bool all = false;                  // -a: every image no container uses, not only dangling
    std::vector<std::string> filters;  // "until=<duration|time>", "label=k[=v]"
};

struct ImagePruneReport {
    std::vector<ImageRemoveItem> items;  // rendered lower-case: "untagged: x", "deleted: y"
    uint64_t reclaimed = 0;              // bytes
};

ImagePruneReport image_prune(const EngineConfig& cfg, const ImagePruneOptions& opts);

// --- for containers ---------------------------------------------------------------

// What a container needs of its image: the config and the snapshots to stack.
struct ImageForContainer {
    std::string id;
    std::string reference;  // normalized name it was found by ("" when by id)
    nlohmann::json config;  // the image config's "config" object (Env, Cmd, ...)
    std::vector<std::string> chain_ids;  // base first; all unpacked on return
};

// Resolves ref (name, id or prefix), unpacking any snapshot that is missing (an image
// stored by --all-platforms, or after a prune). NotFound: "No such image: x".
ImageForContainer image_for_container(const EngineConfig& cfg, const std::string& ref);

}  // namespace tug::engine
