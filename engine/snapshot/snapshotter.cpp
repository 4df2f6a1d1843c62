// The snapshotter: driver choice, unpack into a temporary directory then rename into
// place, removal, and mounts as data.
#include "engine/snapshot/snapshotter.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/lazy/openssl.hpp"
#include "engine/snapshot/apply.hpp"
#include "engine/snapshot/fs_ops.hpp"

namespace tug::engine::snapshot {

namespace {

constexpr long kOverlayfsMagic = 0x794c7630;

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    lazy::crypto().EVP_Digest(data.data(), data.size(), md, &len, lazy::crypto().EVP_sha256(),
                              nullptr);
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (unsigned i = 0; i < len; ++i) {
        s += digits[md[i] >> 4];
        s += digits[md[i] & 15];
    }
    return s;
}

std::string hex_of(const std::string& digest) {
    constexpr std::string_view prefix = "sha256:";
    std::string_view h = digest;
    if (h.starts_with(prefix)) h.remove_prefix(prefix.size());
    if (h.size() != 64 || h.find_first_not_of("0123456789abcdef") != std::string_view::npos)
        throw Error(Errc::InvalidArgument, "invalid chain id \"" + digest + "\"");
    return std::string(h);
}

Driver parse_driver(const std::string& name) {
    if (name == "overlayfs" || name == "overlay" || name == "overlay2") return Driver::Overlay;
    if (name == "native" || name == "vfs" || name == "copy") return Driver::Native;
    throw Error(Errc::InvalidArgument, "unknown snapshotter \"" + name + "\" (overlayfs or native)");
}

const char* driver_name(Driver d) { return d == Driver::Overlay ? "overlayfs" : "native"; }

// Overlay snapshots need the kernel's overlayfs, a backing file system that is not
// itself overlayfs, and trusted.* xattrs (root) for opaque directories.
bool overlay_supported(const std::string& root) {
    auto fs = base::read_file_if_exists("/proc/filesystems");
    if (!fs || fs->find("\toverlay\n") == std::string::npos) return false;
    if (::geteuid() != 0) return false;
    struct statfs sfs {};
    if (::statfs(root.c_str(), &sfs) == 0 && sfs.f_type == kOverlayfsMagic) return false;
    try {
        base::TempDir probe(root, ".probe-");
        return ::setxattr(probe.path().c_str(), "trusted.overlay.opaque", "y", 1, 0) == 0;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace

std::string chain_id(const std::string& parent_chain_id, const std::string& diff_id) {
    if (parent_chain_id.empty()) return diff_id;
    return "sha256:" + sha256_hex(parent_chain_id + " " + diff_id);
}

std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids) {
    std::vector<std::string> out;
    std::string parent;
    for (const auto& d : diff_ids) {
        parent = chain_id(parent, d);
        out.push_back(parent);
    }
    return out;
}

namespace {

// A layer's root directory: 0755 unless the layer's "./" entry says otherwise, as
// docker's snapshots are, whatever umask this process has.
void make_layer_root(const std::string& fs) {
    if (::mkdir(fs.c_str(), 0755) != 0) throw sys_error("create " + fs);
    if (::chmod(fs.c_str(), 0755) != 0) throw sys_error("chmod " + fs);
}

}  // namespace

Snapshotter::Snapshotter(std::string root, const std::string& requested) : root_(std::move(root)) {
    base::make_dirs(root_, 0700);
    mark_top_directory(root_);  // a placement hint only: fine where unsupported
    const std::string& want = requested;
    const std::string marker = root_ + "/driver";
    auto recorded = base::read_file_if_exists(marker);
    if (recorded) {
        while (!recorded->empty() && std::isspace(static_cast<unsigned char>(recorded->back()))) recorded->pop_back();
        driver_ = parse_driver(*recorded);
        if (!want.empty() && parse_driver(want) != driver_)
            throw Error(Errc::FailedPrecondition, "snapshotter " + want + " requested, but the store at " + root_ +
                                                      " uses " + driver_name(driver_));
        return;
    }
    driver_ = want.empty() ? (overlay_supported(root_) ? Driver::Overlay : Driver::Native) : parse_driver(want);
    base::atomic_write_file(marker, std::string(driver_name(driver_)) + "\n");
}

Snapshotter Snapshotter::for_config(const EngineConfig& cfg) {
    return Snapshotter(cfg.data_root + "/snapshots", cfg.snapshotter);
}

std::string Snapshotter::dir_of(const std::string& id) const { return root_ + "/" + hex_of(id); }

std::string Snapshotter::fs_path(const std::string& id) const { return dir_of(id) + "/fs"; }

bool Snapshotter::exists(const std::string& id) const {
    struct stat st {};
    return ::stat(fs_path(id).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

UnpackResult Snapshotter::unpack(const LayerUnpack& layer, StreamSource& src,
                                 const std::function<void()>& before_commit) {
    return with_context("layer " + layer.layer_digest, [&]() -> UnpackResult {
        const std::string final_dir = dir_of(layer.chain_id);
        base::TempDir tmp(root_, ".tmp-");
        const std::string fs = tmp.path() + "/fs";
        make_layer_root(fs);
        if (driver_ == Driver::Native && !layer.parent_chain_id.empty()) {
            if (!exists(layer.parent_chain_id))
                throw Error(Errc::FailedPrecondition, "parent snapshot " + layer.parent_chain_id + " is missing");
            copy_tree(fs_path(layer.parent_chain_id), fs);
        }
        ApplyOptions opts;
        opts.whiteouts = driver_ == Driver::Overlay ? WhiteoutMode::Overlay : WhiteoutMode::Delete;
        opts.expected_diff_id = layer.diff_id;
        opts.on_progress = layer.on_progress;
        ApplyResult applied = apply_layer(fs, src, opts);
        if (before_commit) before_commit();
        return commit(tmp, layer, applied.diff_id, applied.size);
    });
}

UnpackResult Snapshotter::commit(base::TempDir& tmp, const LayerUnpack& layer, const std::string& diff_id,
                                 uint64_t diff_size) const {
    const std::string final_dir = dir_of(layer.chain_id);
    const uint64_t size = driver_ == Driver::Overlay ? diff_size : tree_size(tmp.path() + "/fs");
    nlohmann::json info = {{"chain_id", layer.chain_id}, {"parent", layer.parent_chain_id},
                           {"diff_id", diff_id},         {"size", size},
                           {"diff_size", diff_size},     {"driver", driver_name(driver_)},
                           {"created", static_cast<int64_t>(::time(nullptr))}};
    base::atomic_write_file(tmp.path() + "/info.json", info.dump() + "\n");
    // No syncfs here: it flushes the whole file system (everything any process
    // wrote), which dominated pull time under load. Like containerd and
    // containers/storage, snapshots are not fsynced; the blobs they come from are.
    if (::rename(tmp.path().c_str(), final_dir.c_str()) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY) return {size, true};
        throw sys_error("rename snapshot into place");
    }
    tmp.release();
    base::sync_dir(root_);
    return {size, false};
}

PreparedLayer Snapshotter::prepare(StreamSource& src) const {
    if (driver_ != Driver::Overlay) throw Error(Errc::Internal, "layers can be prepared on overlay only");
    PreparedLayer p{base::TempDir(root_, ".tmp-"), "", 0};
    const std::string fs = p.dir.path() + "/fs";
    make_layer_root(fs);
    ApplyOptions opts;
    opts.whiteouts = WhiteoutMode::Overlay;
    ApplyResult applied = apply_layer(fs, src, opts);
    p.diff_id = applied.diff_id;
    p.size = applied.size;
    return p;
}

std::optional<UnpackResult> Snapshotter::commit_prepared(const LayerUnpack& layer, PreparedLayer&& p) {
    PreparedLayer held = std::move(p);  // discarded on every path that does not commit
    if (held.diff_id != layer.diff_id) return std::nullopt;
    return with_context("layer " + layer.layer_digest,
                        [&]() -> UnpackResult { return commit(held.dir, layer, held.diff_id, held.size); });
}

void Snapshotter::remove(const std::string& id) {
    const std::string dir = dir_of(id);
    // Renamed first so that a crash mid-removal never leaves a half snapshot under
    // its real name.
    const std::string doomed = root_ + "/.del-" + hex_of(id) + "-" + std::to_string(::getpid());
    if (::rename(dir.c_str(), doomed.c_str()) != 0) {
        if (errno == ENOENT) return;
        throw sys_error("remove snapshot " + id);
    }
    remove_tree(doomed);
}

std::vector<std::string> Snapshotter::list() const {
    std::vector<std::string> out;
    DIR* d = ::opendir(root_.c_str());
    if (!d) return out;
    while (dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (n.size() == 64 && n.find_first_not_of("0123456789abcdef") == std::string_view::npos)
            out.push_back("sha256:" + std::string(n));
    }
    ::closedir(d);
    return out;
}

namespace {
uint64_t info_field(const std::string& dir, const char* key) {
    auto s = base::read_file_if_exists(dir + "/info.json");
    if (!s) return 0;
    try {
        return nlohmann::json::parse(*s).value(key, uint64_t{0});
    } catch (const nlohmann::json::exception&) {
        return 0;
    }
}
}  // namespace

uint64_t Snapshotter::size(const std::string& id) const { return info_field(dir_of(id), "size"); }

uint64_t Snapshotter::diff_size(const std::string& id) const { return info_field(dir_of(id), "diff_size"); }

void Snapshotter::remove_stale_temporaries(std::chrono::seconds age) {
    DIR* d = ::opendir(root_.c_str());
    if (!d) return;
    std::vector<std::string> stale;
    const time_t now = ::time(nullptr);
    while (dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (!n.starts_with(".tmp-") && !n.starts_with(".del-") && !n.starts_with(".probe-")) continue;
        struct stat st {};
        std::string p = root_ + "/" + std::string(n);
        if (::lstat(p.c_str(), &st) == 0 && now - st.st_mtime >= age.count()) stale.push_back(p);
    }
    ::closedir(d);
    for (const auto& p : stale) remove_tree(p);
}

std::vector<base::Mount> Snapshotter::mounts(const std::vector<std::string>& ids, const std::string& upper,
                                             const std::string& work) const {
    if (driver_ == Driver::Native || ids.empty()) {
        if (!upper.empty()) return {{"bind", upper, {"rbind", "rw"}}};
        if (ids.empty()) throw Error(Errc::InvalidArgument, "an image without layers needs a writable directory");
        return {{"bind", fs_path(ids.back()), {"rbind", "ro"}}};
    }
    if (upper.empty() && ids.size() == 1) return {{"bind", fs_path(ids.front()), {"rbind", "ro"}}};
    std::string lower = "lowerdir=";
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {  // overlayfs wants the top first
        if (it != ids.rbegin()) lower += ':';
        lower += fs_path(*it);
    }
    std::vector<std::string> options{"index=off", lower};
    if (!upper.empty()) {
        options.push_back("upperdir=" + upper);
        options.push_back("workdir=" + work);
    } else {
        options.insert(options.begin(), "ro");
    }
    return {{"overlay", "overlay", options}};
}

void Snapshotter::prepare_writable(const std::vector<std::string>& ids, const std::string& upper) const {
    if (driver_ != Driver::Native || ids.empty()) return;
    copy_tree(fs_path(ids.back()), upper);
}

}  // namespace tug::engine::snapshot
