// User and group resolution against a container's /etc/passwd and /etc/group.
#include "engine/spec/user.hpp"

#include <charconv>
#include <optional>

#include "engine/base/error.hpp"
#include "engine/base/openat2.hpp"
#include "engine/base/strings.hpp"

namespace tug::engine::spec {

namespace {

using base::split;

std::optional<uint32_t> number(std::string_view s) {
    uint32_t v = 0;
    if (s.empty()) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

struct GroupLine {
    std::string name;
    uint32_t gid;
    std::vector<std::string> members;
};

// The well-formed lines of a group file; comments and lines without a numeric gid skipped.
std::vector<GroupLine> parse_groups(std::string_view group) {
    std::vector<GroupLine> groups;
    for (const auto& line : split(group, '\n')) {
        auto f = split(line, ':');
        if (f.size() < 4 || line.empty() || line[0] == '#') continue;
        auto g = number(f[2]);
        if (!g) continue;
        groups.push_back({f[0], *g, f[3].empty() ? std::vector<std::string>{} : split(f[3], ',')});
    }
    return groups;
}

}  // namespace

ResolvedUser resolve_user(const std::string& user, std::string_view passwd,
                          std::string_view group) {
    ResolvedUser r;
    std::string uspec = user, gspec;
    if (auto colon = user.find(':'); colon != std::string::npos) {
        uspec = user.substr(0, colon);
        gspec = user.substr(colon + 1);
    }
    if (uspec.empty()) uspec = "0";

    std::string user_name;
    bool found = false;
    auto uid_num = number(uspec);
    for (const auto& line : split(passwd, '\n')) {
        auto f = split(line, ':');
        if (f.size() < 7 || line.empty() || line[0] == '#') continue;
        bool match = uid_num ? number(f[2]) == uid_num : f[0] == uspec;
        if (!match) continue;
        r.uid = number(f[2]).value_or(0);
        r.gid = number(f[3]).value_or(0);
        r.home = f[5].empty() ? "/" : f[5];
        user_name = f[0];
        found = true;
        break;
    }
    if (!found) {
        if (!uid_num)
            throw Error(Errc::InvalidArgument,
                        "unable to find user " + uspec + ": no matching entries in passwd file");
        r.uid = *uid_num;
        r.gid = 0;
    }

    const std::vector<GroupLine> groups = parse_groups(group);
    if (!gspec.empty()) {
        if (auto g = number(gspec)) {
            r.gid = *g;
        } else {
            bool gfound = false;
            for (const auto& g2 : groups)
                if (g2.name == gspec) {
                    r.gid = g2.gid;
                    gfound = true;
                    break;
                }
            if (!gfound)
                throw Error(Errc::InvalidArgument, "unable to find group " + gspec +
                                                       ": no matching entries in group file");
        }
    }
    r.additional_gids.push_back(r.gid);
    // An explicit group replaces the supplementary groups, as in runc's GetExecUser.
    if (gspec.empty() && !user_name.empty()) {
        for (const auto& g : groups) {
            bool member = false;
            for (const auto& m : g.members)
                member = member || m == user_name;
            if (!member) continue;
            bool dup = false;
            for (auto x : r.additional_gids)
                dup = dup || x == g.gid;
            if (!dup) r.additional_gids.push_back(g.gid);
        }
    }
    return r;
}

ResolvedUser resolve_user_in_rootfs(const std::string& rootfs, const std::string& user) {
    const auto passwd = base::read_file_in_root(rootfs, "/etc/passwd").value_or("");
    const auto group = base::read_file_in_root(rootfs, "/etc/group").value_or("");
    return resolve_user(user, passwd, group);
}

std::vector<uint32_t> resolve_groups(const std::vector<std::string>& groups,
                                     std::string_view group_file) {
    const std::vector<GroupLine> known = parse_groups(group_file);
    std::vector<uint32_t> gids;
    for (const auto& g : groups) {
        std::optional<uint32_t> gid = number(g);
        for (const auto& line : known)
            if (!gid && line.name == g) gid = line.gid;
        if (!gid) throw Error(Errc::InvalidArgument, "Unable to find group " + g);
        gids.push_back(*gid);
    }
    return gids;
}

std::vector<uint32_t> resolve_groups_in_rootfs(const std::string& rootfs,
                                               const std::vector<std::string>& groups) {
    if (groups.empty()) return {};
    return resolve_groups(groups, base::read_file_in_root(rootfs, "/etc/group").value_or(""));
}

}  // namespace tug::engine::spec
