// Container mount requests: -v/--volume, --mount and --tmpfs parsed and validated as
// docker does (moby volume/mounts linux_parser.go, docker CLI opts/mount.go), with
// docker's error messages, into MountSpecs the spec builder turns into OCI mounts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/mount.hpp"

namespace tug::engine::volume {

using engine::MountSpec;
using engine::MountType;

// "bind", "volume", "tmpfs".
const char* mount_type_name(MountType t);

// -v/--volume: "[src:]dst[:mode]" where mode is a comma list of at most one each of
// ro|rw, z|Z, a propagation, nocopy, consistent|cached|delegated. An absolute src is a
// bind mount, another src a named volume, no src an anonymous volume. volume_driver is
// the --volume-driver flag ("" for none). Errors (InvalidArgument) as docker's:
// "invalid volume specification: 'a:b:c:d'", "invalid mode: xyz",
// "invalid volume specification: '<raw>': invalid mount config for type \"volume\": ...".
// The host path of a bind is not checked here (the caller creates it: ensure_bind_source).
// A "./x" or "." host path is taken relative to working_dir when one is given.
MountSpec parse_volume_flag(const std::string& raw, const std::string& volume_driver = "",
                            const std::string& working_dir = "");

// --mount: a CSV list of key=value fields (docker CLI's MountOpt.Set), validated like
// the daemon's ParseMountSpec, which checks that a bind source exists. Errors
// (InvalidArgument): flag-level ones are wrapped as docker's CLI prints them,
// `invalid argument "<value>" for "--mount" flag: <reason>` (reasons: "type is
// required", "target is required", "invalid field 'x' must be a key=value pair",
// "unexpected key 'x' in 'x=y'", "cannot mix 'bind-*' options with mount type
// 'volume'", ...); daemon-level ones read `invalid mount config for type "bind": bind
// source path does not exist: /x`. A "./x" or "." source is taken relative to
// working_dir when one is given.
MountSpec parse_mount_flag(const std::string& value, const std::string& working_dir = "");

// --tmpfs: "dst[:options]". The destination must be absolute and not "/".
MountSpec parse_tmpfs_flag(const std::string& value);

// A volume the image declares (Config.Volumes key): an anonymous volume, copy-up on.
MountSpec image_volume(const std::string& destination);

// moby's validateBindDaemonRoot for --mount binds: a bind whose source is inside
// data_root (or contains it) must use rslave or rshared propagation; with no
// propagation given it becomes rslave (returns true and sets it). Any other explicit
// propagation throws InvalidArgument: `invalid mount config: must use either
// propagation mode "rslave" or "rshared" when mount source is within the daemon root,
// daemon root: "/var/lib/tug", bind mount source: "/var/lib/tug/x", propagation: "rprivate"`.
bool validate_bind_daemon_root(MountSpec& spec, const std::string& data_root);

// Rejects two mounts on the same destination: InvalidArgument "Duplicate mount point: /x".
void check_duplicate_destinations(const std::vector<MountSpec>& specs);

// A bind's propagation with docker's default: rprivate when none was given.
std::string effective_propagation(const MountSpec& spec);

// docker's tmpfs option conversion for --mount type=tmpfs (ro, mode=%o, size=<n>[gmk]).
std::string tmpfs_options_string(const MountSpec& spec);

// docker's local volume name rule, [a-zA-Z0-9][a-zA-Z0-9_.-]+; InvalidArgument:
// "\"x\" includes invalid characters for a local volume name, only
// \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory,
// use absolute path".
void validate_volume_name(const std::string& name);

// ---- To the OCI spec and the container record ----

// The OCI mount for a spec. host_path: bind -> spec.source (ignored), volume -> the
// volume's directory from acquire(), tmpfs -> ignored.
//   bind/volume: {"type":"bind","source":host_path,"options":["rbind"|"bind",
//                 ("ro"), (propagation)]}
//   tmpfs: {"type":"tmpfs","source":"tmpfs","options": docker's merge of
//           noexec,nosuid,nodev,rprivate with the user's options (later wins)}
nlohmann::json oci_mount(const MountSpec& spec, const std::string& host_path);

// docker's MergeTmpfsOptions: later options override earlier ones, flags by name with
// their negations (exec/noexec, ...), data options by key; "defaults" dropped.
// InvalidArgument "invalid tmpfs option \"x\"" for a bare word that is not a flag.
std::vector<std::string> merge_tmpfs_options(const std::vector<std::string>& options);

// The container record's "Mounts" entry (docker inspect's MountPoint):
// {"Type","Name"(volumes),"Source","Destination","Driver"(volumes),"Mode","RW",
//  "Propagation"}. --tmpfs mounts have none (nullopt), as in docker.
std::optional<nlohmann::json> record_mount_point(const MountSpec& spec, const std::string& host_path);

// linux.rootfsPropagation the spec needs for these mounts (moby's rule): "shared"
// when a bind is shared/rshared, "rslave" when one is slave/rslave, else "" (leave
// runc's default).
std::string rootfs_propagation(const std::vector<MountSpec>& specs);

// For a -v bind whose host path is missing: creates it as a directory (mode 0755),
// docker's behaviour. A --mount bind source is never created.
void ensure_bind_source(const MountSpec& spec);

}  // namespace tug::engine::volume
