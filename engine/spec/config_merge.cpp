// Entrypoint/Cmd/Env/WorkingDir/User merging and /etc/passwd, /etc/group resolution.
#include "engine/spec/config_merge.hpp"

#include <charconv>
#include <sstream>

#include "engine/base/error.hpp"

namespace tug::engine::spec {

using nlohmann::json;

namespace {

std::vector<std::string> strings_of(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.is_object()) return out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (auto& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string string_of(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string_view key_of(std::string_view kv) { return kv.substr(0, kv.find('=')); }

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t p = s.find(sep, start);
        out.emplace_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
        if (p == std::string_view::npos) break;
        start = p + 1;
    }
    return out;
}

std::optional<uint32_t> number(std::string_view s) {
    uint32_t v = 0;
    if (s.empty()) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::vector<std::string> merge_env(const std::vector<std::string>& base,
                                   const std::vector<std::string>& overrides) {
    std::vector<std::string> out = base;
    for (const auto& kv : overrides) {
        bool replaced = false;
        for (auto& existing : out) {
            if (key_of(existing) == key_of(kv)) {
                existing = kv;
                replaced = true;
                break;
            }
        }
        if (!replaced) out.push_back(kv);
    }
    return out;
}

std::vector<std::string> expand_env(
    const std::vector<std::string>& env_file_texts, const std::vector<std::string>& env_flags,
    const std::function<std::optional<std::string>(const std::string&)>& lookup) {
    std::vector<std::string> raw;
    for (const auto& text : env_file_texts) {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            size_t first = line.find_first_not_of(" \t");
            if (first == std::string::npos || line[first] == '#') continue;
            raw.push_back(line.substr(first));
        }
    }
    raw.insert(raw.end(), env_flags.begin(), env_flags.end());
    std::vector<std::string> out;
    for (const auto& e : raw) {
        if (e.empty() || e[0] == '=')
            throw Error(Errc::InvalidArgument, "invalid environment variable: " + e);
        if (e.find('=') != std::string::npos) {
            out.push_back(e);
        } else if (auto v = lookup(e)) {
            out.push_back(e + "=" + *v);
        }
    }
    return out;
}

json merge_config(const json& image_config, const UserOverrides& o) {
    std::vector<std::string> entrypoint, cmd;
    if (o.entrypoint) {
        // An explicit --entrypoint also drops the image's Cmd, as docker does.
        if (!o.entrypoint->empty()) entrypoint = {*o.entrypoint};
        cmd = o.command;
    } else {
        entrypoint = strings_of(image_config, "Entrypoint");
        cmd = o.command.empty() ? strings_of(image_config, "Cmd") : o.command;
    }
    if (entrypoint.empty() && cmd.empty())
        throw Error(Errc::InvalidArgument, "No command specified");

    std::string workdir = o.workdir.empty() ? string_of(image_config, "WorkingDir") : o.workdir;
    if (!workdir.empty() && workdir[0] != '/')
        throw Error(Errc::InvalidArgument, "the working directory '" + workdir +
                                               "' is invalid, it needs to be an absolute path");

    json c = json::object();
    c["User"] = o.user.empty() ? string_of(image_config, "User") : o.user;
    c["Env"] = merge_env(strings_of(image_config, "Env"), o.env);
    c["Cmd"] = cmd.empty() ? json(nullptr) : json(cmd);
    c["Entrypoint"] = entrypoint.empty() ? json(nullptr) : json(entrypoint);
    c["WorkingDir"] = workdir;
    return c;
}

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

    struct GroupLine {
        std::string name;
        uint32_t gid;
        std::vector<std::string> members;
    };
    std::vector<GroupLine> groups;
    for (const auto& line : split(group, '\n')) {
        auto f = split(line, ':');
        if (f.size() < 4 || line.empty() || line[0] == '#') continue;
        auto g = number(f[2]);
        if (!g) continue;
        groups.push_back({f[0], *g, f[3].empty() ? std::vector<std::string>{} : split(f[3], ',')});
    }
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
                throw Error(Errc::InvalidArgument,
                            "unable to find group " + gspec + ": no matching entries in group file");
        }
    }
    r.additional_gids.push_back(r.gid);
    // An explicit group replaces the supplementary groups, as in runc's GetExecUser.
    if (gspec.empty() && !user_name.empty()) {
        for (const auto& g : groups) {
            bool member = false;
            for (const auto& m : g.members) member = member || m == user_name;
            if (!member) continue;
            bool dup = false;
            for (auto x : r.additional_gids) dup = dup || x == g.gid;
            if (!dup) r.additional_gids.push_back(g.gid);
        }
    }
    return r;
}

}  // namespace tug::engine::spec
