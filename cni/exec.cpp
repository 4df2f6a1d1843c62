// CNI plugin invocation: environment, stdin, result chaining, cache and error mapping.
#include "cni/exec.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "cni/plugin_path.hpp"
#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"

namespace tug::cni {

using nlohmann::json;

namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

Errc errc_for_cni_code(int code) {
    switch (code) {
    case 1: return Errc::FailedPrecondition;  // incompatible CNI version
    case 2: case 4: case 6: case 7: return Errc::InvalidArgument;
    case 3: return Errc::NotFound;
    case 11: return Errc::Unavailable;  // try again later
    default: return Errc::Internal;
    }
}

std::vector<std::string> plugin_env(const ExecOptions& opts, const std::string& command, const RuntimeConf& rt) {
    std::vector<std::string> env;
    for (const auto& kv : opts.child.env) {
        if (kv.rfind("CNI_", 0) != 0) env.push_back(kv);
    }
    std::string args;
    for (const auto& [k, v] : rt.args) args += (args.empty() ? "" : ";") + k + "=" + v;
    env.push_back("CNI_COMMAND=" + command);
    env.push_back("CNI_CONTAINERID=" + rt.container_id);
    env.push_back("CNI_NETNS=" + rt.netns);
    env.push_back("CNI_IFNAME=" + rt.ifname);
    env.push_back("CNI_ARGS=" + args);
    env.push_back("CNI_PATH=" + join(opts.plugin_dirs, ":"));
    return env;
}

// Runs one plugin; returns its stdout. Throws the plugin's error.
std::string invoke(const ExecOptions& opts, const std::string& type, const std::string& command,
                   const RuntimeConf& rt, const json& stdin_conf) {
    const std::string path = find_plugin(type, opts.plugin_dirs);
    base::CaptureResult r;
    try {
        base::ChildEnv child{plugin_env(opts, command, rt), opts.child.search_path};
        r = base::run_capture({path}, child, stdin_conf.dump(), opts.timeout);
    } catch (Error& e) {
        e.wrap("cni plugin " + type + " (" + command + ")");
        throw;
    }
    std::string lower = command;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (r.exit_code != 0) throw plugin_error(type, lower, r.exit_code, r.out, r.err);
    if (base::log_enabled(base::LogLevel::Debug)) {
        base::log_debug("cni " + type + " " + lower + " " + rt.container_id + ": " + trim(r.out));
    }
    return r.out;
}

json cache_entry(const NetworkConfigList& list, const RuntimeConf& rt, const json& result) {
    json args = json::array();
    for (const auto& [k, v] : rt.args) args.push_back({k, v});
    // libcni's field names; "config" holds the conflist text rather than base64 bytes.
    return {{"kind", "cniCacheV1"},  {"containerId", rt.container_id}, {"config", list.bytes},
            {"ifName", rt.ifname},   {"networkName", list.name},       {"cniArgs", args},
            {"capabilityArgs", rt.capability_args}, {"result", result}};
}

}  // namespace

Error plugin_error(const std::string& type, const std::string& command, int exit_code, const std::string& out,
                   const std::string& err) {
    const std::string prefix = "cni plugin " + type + " failed (" + command + "): ";
    for (const std::string* text : {&out, &err}) {
        try {
            json j = json::parse(*text);
            if (j.is_object() && j.contains("msg")) {
                int code = j.value("code", 0);
                std::string msg = j.value("msg", "");
                std::string details = j.value("details", "");
                if (!details.empty() && details != msg) msg += ": " + details;
                return Error(errc_for_cni_code(code), prefix + msg);
            }
        } catch (const json::exception&) {
        }
    }
    std::string text = trim(err.empty() ? out : err);
    if (text.size() > 2000) text = text.substr(0, 2000) + "...";
    return Error(Errc::Internal, prefix + (text.empty() ? "exit status " + std::to_string(exit_code) : text));
}

json plugin_stdin(const NetworkConfigList& list, const json& plugin, const json& capability_args,
                  const json* prev_result) {
    json conf = plugin;
    conf["name"] = list.name;
    conf["cniVersion"] = list.cni_version;
    if (prev_result && !prev_result->is_null()) conf["prevResult"] = *prev_result;
    if (plugin.contains("capabilities") && plugin["capabilities"].is_object()) {
        json rc = json::object();
        for (const auto& [cap, enabled] : plugin["capabilities"].items()) {
            if (enabled.is_boolean() && enabled.get<bool>() && capability_args.is_object() &&
                capability_args.contains(cap)) {
                rc[cap] = capability_args[cap];
            }
        }
        if (!rc.empty()) conf["runtimeConfig"] = rc;
    }
    return conf;
}

std::string cache_path(const ExecOptions& opts, const std::string& network, const RuntimeConf& rt) {
    return opts.cache_dir + "/results/" + network + "-" + rt.container_id + "-" + rt.ifname;
}

std::optional<json> cached_result(const ExecOptions& opts, const std::string& network, const RuntimeConf& rt) {
    auto text = base::read_file_if_exists(cache_path(opts, network, rt));
    if (!text) return std::nullopt;
    try {
        json j = json::parse(*text);
        if (j.contains("result")) return j;
    } catch (const json::exception&) {
    }
    return std::nullopt;
}

json add_network_list(const ExecOptions& opts, const NetworkConfigList& list, const RuntimeConf& rt) {
    json prev;
    for (const auto& plugin : list.plugins) {
        const std::string type = plugin_type(plugin);
        std::string out = invoke(opts, type, "ADD", rt, plugin_stdin(list, plugin, rt.capability_args, &prev));
        try {
            prev = json::parse(out);
        } catch (const json::exception&) {
            throw Error(Errc::Internal, "cni plugin " + type + " failed (add): invalid result: " + trim(out));
        }
    }
    base::make_dirs(opts.cache_dir + "/results", 0700);
    base::atomic_write_file(cache_path(opts, list.name, rt), cache_entry(list, rt, prev).dump(), 0600);
    return prev;
}

void del_network_list(const ExecOptions& opts, const NetworkConfigList& list, const RuntimeConf& rt) {
    NetworkConfigList effective = list;
    RuntimeConf effective_rt = rt;
    json prev;
    if (auto cached = cached_result(opts, list.name, rt)) {
        try {
            if (cached->contains("config") && (*cached)["config"].is_string()) {
                effective = parse_conflist((*cached)["config"].get<std::string>());
            }
            if (cached->contains("capabilityArgs")) effective_rt.capability_args = (*cached)["capabilityArgs"];
        } catch (const Error& e) {
            base::log_warning("cni cache for " + list.name + " unusable, using the current config: " + e.message());
        }
        prev = (*cached)["result"];
    }
    // 0.3.x plugins do not understand prevResult on DEL.
    const bool with_prev = compare_versions(effective.cni_version, "0.4.0") >= 0;
    for (auto it = effective.plugins.rbegin(); it != effective.plugins.rend(); ++it) {
        invoke(opts, plugin_type(*it), "DEL", effective_rt,
               plugin_stdin(effective, *it, effective_rt.capability_args, with_prev ? &prev : nullptr));
    }
    if (::unlink(cache_path(opts, list.name, rt).c_str()) != 0 && errno != ENOENT) {
        throw sys_error("remove cni cache " + cache_path(opts, list.name, rt));
    }
}

void check_network_list(const ExecOptions& opts, const NetworkConfigList& list, const RuntimeConf& rt) {
    if (list.disable_check || compare_versions(list.cni_version, "0.4.0") < 0) return;
    auto cached = cached_result(opts, list.name, rt);
    if (!cached) {
        throw Error(Errc::FailedPrecondition, "cni network " + list.name + ": no cached result for " + rt.container_id);
    }
    RuntimeConf crt = rt;
    if (cached->contains("capabilityArgs")) crt.capability_args = (*cached)["capabilityArgs"];
    json prev = (*cached)["result"];
    for (const auto& plugin : list.plugins) {
        invoke(opts, plugin_type(plugin), "CHECK", crt, plugin_stdin(list, plugin, crt.capability_args, &prev));
    }
}

std::vector<std::string> plugin_versions(const ExecOptions& opts, const std::string& plugin) {
    RuntimeConf rt;
    std::string out = invoke(opts, plugin, "VERSION", rt, json{{"cniVersion", "1.0.0"}});
    try {
        return json::parse(out).value("supportedVersions", std::vector<std::string>{});
    } catch (const json::exception&) {
        throw Error(Errc::Internal, "cni plugin " + plugin + ": invalid VERSION output: " + trim(out));
    }
}

}  // namespace tug::cni
