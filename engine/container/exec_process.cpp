// Deriving an exec's process.json from the container's own process.
#include "engine/container/exec_process.hpp"

#include "engine/spec/config_merge.hpp"
#include "engine/spec/oci_spec.hpp"
#include "engine/spec/user.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

// docker's ReplaceOrAppendEnvValues: a later "K=V" (or a bare "K", which removes K)
// replaces the earlier entry of the same name.
void replace_or_append(std::vector<std::string>& env, const std::string& entry) {
    const auto eq = entry.find('=');
    const std::string key = entry.substr(0, eq);
    for (auto it = env.begin(); it != env.end(); ++it) {
        if (it->substr(0, it->find('=')) != key) continue;
        if (eq == std::string::npos)
            env.erase(it);
        else
            *it = entry;
        return;
    }
    if (eq != std::string::npos) env.push_back(entry);
}

}  // namespace

json exec_process(const json& spec_process, const ContainerConfig& cfg,
                  const ExecProcessInput& in) {
    json p = spec_process;
    p["args"] = in.args;
    p["terminal"] = in.tty;
    if (!in.workdir.empty()) p["cwd"] = in.workdir;
    if (!p.contains("cwd") || p["cwd"].get<std::string>().empty()) p["cwd"] = "/";

    const std::string& user = in.user.empty() ? cfg.user : in.user;
    const auto u = spec::resolve_user_in_rootfs(in.rootfs, user);
    json uj = {{"uid", u.uid}, {"gid", u.gid}};
    if (!u.additional_gids.empty()) uj["additionalGids"] = u.additional_gids;
    p["user"] = uj;

    std::vector<std::string> env = spec::process_env(cfg.env, cfg.hostname, in.tty);
    bool has_home = false;
    for (const auto& e : env) has_home = has_home || e.rfind("HOME=", 0) == 0;
    if (!has_home) env.push_back("HOME=" + u.home);
    for (const auto& e : in.env) replace_or_append(env, e);
    p["env"] = env;

    if (in.privileged) {
        const json all = in.all_capabilities;
        p["capabilities"] = {{"bounding", all}, {"effective", all}, {"permitted", all}};
        p.erase("apparmorProfile");  // docker's exec --privileged runs unconfined
    }
    // A pty gets its size from the client; a stale one from the spec would be wrong.
    p.erase("consoleSize");
    return p;
}

}  // namespace tug::engine::container
