// A container's user: "-u name|uid[:group|gid]" and --group-add resolved against the
// container's own /etc/passwd and /etc/group, as docker and runc resolve them. The one
// place container start, exec and health checks find the ids a process runs with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tug::engine::spec {

struct ResolvedUser {
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::vector<uint32_t> additional_gids;  // primary gid first, then memberships
    std::string home = "/";
};

// Resolves "name", "uid", "name:group", "uid:gid" (and mixes) like docker and runc
// against the texts of a passwd and a group file: names must exist there; a numeric uid
// not listed gets gid 0 and no groups. InvalidArgument: "unable to find user x: no
// matching entries in passwd file" (and the same for a group).
ResolvedUser resolve_user(const std::string& user, std::string_view passwd, std::string_view group);

// resolve_user with the passwd and group files read inside rootfs (resolved as if it were
// "/", so a symlink cannot point them at the host's); a missing file reads as empty.
ResolvedUser resolve_user_in_rootfs(const std::string& rootfs, const std::string& user);

// --group-add values to gids: a group name from the group file text, else a number as it
// is. InvalidArgument "Unable to find group x" for a name the file does not list.
std::vector<uint32_t> resolve_groups(const std::vector<std::string>& groups,
                                     std::string_view group_file);

// resolve_groups with the container's /etc/group, read inside rootfs.
std::vector<uint32_t> resolve_groups_in_rootfs(const std::string& rootfs,
                                               const std::vector<std::string>& groups);

}  // namespace tug::engine::spec
