// MountSpecs -> OCI mounts (moby daemon/oci_linux.go setMounts) and the container
// record's Mounts entries (docker inspect's MountPoint).
#include <map>
#include <set>

#include "engine/base/error.hpp"
#include "engine/base/strings.hpp"
#include "engine/volume/mount_spec.hpp"

namespace tug::engine::volume {

using nlohmann::json;

namespace {

// Mount flags and the group a flag collides with: a later option of the same group
// overrides an earlier one (ro/rw, exec/noexec, any two propagations, ...).
const std::map<std::string, std::string>& flag_groups() {
    static const std::map<std::string, std::string> groups = {
        {"ro", "rdonly"},          {"rw", "rdonly"},          {"suid", "nosuid"},
        {"nosuid", "nosuid"},      {"dev", "nodev"},          {"nodev", "nodev"},
        {"exec", "noexec"},        {"noexec", "noexec"},      {"sync", "sync"},
        {"async", "sync"},         {"dirsync", "dirsync"},    {"remount", "remount"},
        {"mand", "mand"},          {"nomand", "mand"},        {"atime", "noatime"},
        {"noatime", "noatime"},    {"diratime", "nodiratime"}, {"nodiratime", "nodiratime"},
        {"bind", "bind"},          {"rbind", "rbind"},        {"unbindable", "propagation"},
        {"runbindable", "propagation"}, {"private", "propagation"}, {"rprivate", "propagation"},
        {"shared", "propagation"}, {"rshared", "propagation"}, {"slave", "propagation"},
        {"rslave", "propagation"}, {"relatime", "relatime"},  {"norelatime", "relatime"},
        {"strictatime", "strictatime"}, {"nostrictatime", "strictatime"},
    };
    return groups;
}

const std::set<std::string> kTmpfsData = {"", "size", "mode", "uid", "gid", "nr_inodes",
                                          "nr_blocks", "mpol"};

}  // namespace

std::string effective_propagation(const MountSpec& spec) {
    if (spec.type != MountType::Bind) return spec.propagation;
    return spec.propagation.empty() ? "rprivate" : spec.propagation;
}

std::vector<std::string> merge_tmpfs_options(const std::vector<std::string>& options) {
    std::set<std::string> flags_seen, data_seen;
    std::vector<std::string> out;
    for (auto it = options.rbegin(); it != options.rend(); ++it) {
        const std::string& opt = *it;
        if (opt == "defaults") continue;
        if (auto g = flag_groups().find(opt); g != flag_groups().end()) {
            if (flags_seen.insert(g->second).second) out.insert(out.begin(), opt);
            continue;
        }
        const auto eq = opt.find('=');
        const std::string key = opt.substr(0, eq);
        if (eq == std::string::npos || !kTmpfsData.count(key))
            throw Error(Errc::InvalidArgument, "Invalid tmpfs option [\"" +
                                                   (eq == std::string::npos ? opt : key + "\" \"" + opt.substr(eq + 1)) +
                                                   "\"]");
        if (data_seen.insert(key).second) out.insert(out.begin(), opt);
    }
    return out;
}

json oci_mount(const MountSpec& spec, const std::string& host_path) {
    if (spec.type == MountType::Tmpfs) {
        std::vector<std::string> opts = {"noexec", "nosuid", "nodev", "rprivate"};
        const std::string data =
            spec.origin == MountSpec::Origin::TmpfsFlag ? spec.tmpfs_data : tmpfs_options_string(spec);
        for (auto& o : base::split_nonempty(data, ','))
            opts.push_back(o);
        return json{{"destination", spec.destination},
                    {"type", "tmpfs"},
                    {"source", "tmpfs"},
                    {"options", merge_tmpfs_options(opts)}};
    }
    std::vector<std::string> opts = {spec.bind_nonrecursive ? "bind" : "rbind"};
    if (spec.read_only) opts.emplace_back("ro");
    // Volumes carry no propagation of their own (moby maps "" to no flag).
    const std::string prop = effective_propagation(spec);
    if (!prop.empty()) opts.push_back(prop);
    return json{{"destination", spec.destination},
                {"type", "bind"},
                {"source", spec.type == MountType::Bind ? spec.source : host_path},
                {"options", opts}};
}

std::optional<json> record_mount_point(const MountSpec& spec, const std::string& host_path) {
    if (spec.origin == MountSpec::Origin::TmpfsFlag) return std::nullopt;
    json mp = {{"Type", mount_type_name(spec.type)}};
    if (spec.type == MountType::Volume) mp["Name"] = spec.source;
    mp["Source"] = spec.type == MountType::Bind    ? spec.source
                   : spec.type == MountType::Volume ? host_path
                                                    : "";
    mp["Destination"] = spec.destination;
    if (spec.type == MountType::Volume)
        mp["Driver"] = spec.volume_driver.empty() ? "local" : spec.volume_driver;
    // docker shows "z" for a -v volume without a mode (its default SELinux relabel).
    std::string mode = spec.mode;
    if (mode.empty() && spec.type == MountType::Volume && spec.origin == MountSpec::Origin::VolumeFlag)
        mode = "z";
    mp["Mode"] = mode;
    mp["RW"] = !spec.read_only;
    mp["Propagation"] = effective_propagation(spec);
    return mp;
}

std::string rootfs_propagation(const std::vector<MountSpec>& specs) {
    bool slave = false;
    for (const auto& s : specs) {
        if (s.type != MountType::Bind) continue;
        if (s.propagation == "shared" || s.propagation == "rshared") return "shared";
        if (s.propagation == "slave" || s.propagation == "rslave") slave = true;
    }
    return slave ? "rslave" : "";
}

}  // namespace tug::engine::volume
