// Global flags and the flag > environment > tug.toml > default precedence.
#include "cli/global_options.hpp"

#include <cstdlib>

#include "cli/config_file.hpp"
#include "cli/monitor_entry.hpp"
#include "cli/process_state.hpp"
#include "engine/base/error.hpp"
#include "engine/base/strings.hpp"

namespace tug::cli {

namespace {

constexpr const char* kDefaultConfig = "/etc/tug/tug.toml";

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

template <typename T>
T pick(const std::optional<T>& flag, const std::optional<T>& environment,
       const std::optional<T>& file, T fallback) {
    if (flag) return *flag;
    if (environment) return *environment;
    if (file) return *file;
    return fallback;
}

std::optional<std::vector<std::string>> env_list(const char* name, char sep) {
    auto v = env(name);
    if (!v) return std::nullopt;
    return base::split_nonempty(*v, sep);
}

std::optional<std::vector<std::string>> nonempty(const std::vector<std::string>& v) {
    if (v.empty()) return std::nullopt;
    return v;
}

}  // namespace

const std::vector<std::string>& default_cni_paths() {
    static const std::vector<std::string> paths = {"/opt/cni/bin", "/usr/lib/cni",
                                                   "/usr/libexec/cni"};
    return paths;
}

void add_global_flags(CLI::App& app, GlobalFlags& f) {
    app.add_option("--data-root", f.data_root, "Root of persistent tug state (default \"/var/lib/tug\")");
    app.add_option("--state-dir", f.state_dir, "Root of runtime state (default \"/run/tug\")");
    app.add_option("-n,--namespace", f.namespace_, "Namespace to use (default \"default\")");
    app.add_flag("-D,--debug", f.debug, "Enable debug mode");
    app.add_option("--config", f.config, "Location of the config file (default \"/etc/tug/tug.toml\")");
    app.add_option("--runtime", f.runtime, "OCI runtime binary (default \"runc\")");
    app.add_option("--cni-path", f.cni_path, "Directory of CNI plugins (repeatable)")
        ->delimiter(':');
    app.add_option("--cni-netconfpath", f.cni_netconfpath,
                   "Directory of CNI network configs (default \"/etc/cni/net.d\")");
    app.add_option("--insecure-registry", f.insecure_registries,
                   "Registry allowed over plain HTTP or unverified TLS (repeatable)");
}

ResolvedConfig resolve_config(const GlobalFlags& f) {
    ResolvedConfig out;
    auto config_path = f.config ? f.config : env("TUG_CONFIG");
    const bool explicit_config = config_path.has_value();
    const std::string path = config_path.value_or(kDefaultConfig);
    FileConfig file = load_config_file(path, explicit_config);
    if (file.found) out.config_file = path;

    engine::EngineConfig& e = out.engine;
    e.data_root = pick(f.data_root, env("TUG_DATA_ROOT"), file.data_root, e.data_root);
    e.state_dir = pick(f.state_dir, env("TUG_STATE_DIR"), file.state_dir, e.state_dir);
    e.namespace_ = pick(f.namespace_, env("TUG_NAMESPACE"), file.namespace_, e.namespace_);
    e.runtime = pick(f.runtime, env("TUG_RUNTIME"), file.runtime, e.runtime);
    e.cgroup_manager = pick(std::optional<std::string>{}, env("TUG_CGROUP_MANAGER"),
                            file.cgroup_manager, e.cgroup_manager);
    e.cni_conf_dir =
        pick(f.cni_netconfpath, env("TUG_CNI_NETCONFPATH"), file.cni_netconfpath, e.cni_conf_dir);
    e.registry_config_dir = pick(std::optional<std::string>{}, env("TUG_REGISTRY_CONFIG_DIR"),
                                 file.registry_config_dir, e.registry_config_dir);
    e.snapshotter =
        pick(std::optional<std::string>{}, env("TUG_SNAPSHOTTER"), file.snapshotter, e.snapshotter);
    e.cni_paths = pick(nonempty(f.cni_path), env_list("TUG_CNI_PATH", ':'), file.cni_path,
                       std::vector<std::string>{});
    for (const auto& p : default_cni_paths()) e.cni_paths.push_back(p);
    e.insecure_registries =
        pick(nonempty(f.insecure_registries), env_list("TUG_INSECURE_REGISTRY", ','),
             file.insecure_registries, std::vector<std::string>{});
    e.max_concurrent_downloads = file.max_concurrent_downloads.value_or(e.max_concurrent_downloads);
    e.max_concurrent_uploads = file.max_concurrent_uploads.value_or(e.max_concurrent_uploads);
    const auto env_debug = env("TUG_DEBUG");
    e.debug = f.debug || (env_debug && *env_debug != "0" && *env_debug != "false") ||
              file.debug.value_or(false);

    take_process_environment(e);
    e.monitor_program = monitor_beside_this_program();

    if (e.namespace_.empty() || e.namespace_.find('/') != std::string::npos) {
        throw Error(Errc::InvalidArgument, "invalid namespace \"" + e.namespace_ + "\"");
    }
    return out;
}

}  // namespace tug::cli
