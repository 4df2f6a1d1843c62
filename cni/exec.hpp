// Running CNI plugins (spec 1.0; 0.3/0.4 configs accepted): ADD/DEL/CHECK/VERSION over a
// conflist, prevResult chaining, capability args (runtimeConfig), the ADD result cached
// on disk for DEL and CHECK, per-plugin timeouts and the plugin's own error message.
// Knows a netns path and a container id string; nothing about containers.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cni/conflist.hpp"
#include "cni/result.hpp"
#include "engine/base/child_env.hpp"
#include "engine/base/error.hpp"

namespace tug::cni {

struct RuntimeConf {
    std::string container_id;
    std::string netns;   // path of the pinned namespace; may be gone for DEL
    std::string ifname;  // "eth0"
    std::vector<std::pair<std::string, std::string>> args;  // CNI_ARGS K=V;K=V
    // Capability args (portMappings, ipRanges, mac, bandwidth, ips, ...): each is
    // injected as runtimeConfig.<key> into plugins whose "capabilities" name it.
    nlohmann::json capability_args = nlohmann::json::object();
};

struct ExecOptions {
    std::vector<std::string> plugin_dirs;  // CNI_PATH, searched in order
    // The plugins' environment (they run iptables and the like from its PATH); CNI_*
    // entries in it are replaced by the call's own.
    base::ChildEnv child;
    std::string cache_dir;                 // where ADD results are kept for DEL/CHECK
    std::chrono::milliseconds timeout = std::chrono::seconds(60);  // per plugin call
};

// ADD: every plugin in order, each getting the previous one's result as prevResult.
// The final result is cached before returning. Error: "cni plugin <type> failed (add):
// <msg>[: <details>]" (class from the plugin's code: 4 InvalidArgument, 11 Unavailable...).
// On failure nothing is cached: the caller must run del_network_list (registered before
// the ADD), which tolerates partial setup as the spec requires of plugins.
nlohmann::json add_network_list(const ExecOptions& opts, const NetworkConfigList& list,
                                const RuntimeConf& rt);

// DEL: every plugin in reverse order. Uses the cached config and result when there is
// one (so a network whose conflist was removed or changed can still be torn down), else
// `list`. Removes the cache entry on success. A missing netns is not an error.
void del_network_list(const ExecOptions& opts, const NetworkConfigList& list, const RuntimeConf& rt);

// CHECK (0.4.0+, unless disableCheck): every plugin with the cached result as prevResult.
// FailedPrecondition when nothing is cached.
void check_network_list(const ExecOptions& opts, const NetworkConfigList& list, const RuntimeConf& rt);

// VERSION: the versions the plugin reports.
std::vector<std::string> plugin_versions(const ExecOptions& opts, const std::string& plugin);

// The cached ADD result (libcni's layout: <cache_dir>/results/<net>-<id>-<ifname>), or nullopt.
std::optional<nlohmann::json> cached_result(const ExecOptions& opts, const std::string& network,
                                            const RuntimeConf& rt);
std::string cache_path(const ExecOptions& opts, const std::string& network, const RuntimeConf& rt);

// The plugin's stdin for one call: its config plus name, cniVersion, prevResult and the
// runtimeConfig keys it declared as capabilities. Exposed for tests.
nlohmann::json plugin_stdin(const NetworkConfigList& list, const nlohmann::json& plugin,
                            const nlohmann::json& capability_args, const nlohmann::json* prev_result);

// A plugin failure as a tug::Error: parses the CNI error object from stdout (or stderr),
// quoting msg and details. Exposed for tests.
Error plugin_error(const std::string& type, const std::string& command, int exit_code,
                   const std::string& out, const std::string& err);

}  // namespace tug::cni
