// The OCI runtime spec (config.json) of a container with docker's defaults: mounts,
// capabilities, masked and read-only paths, device rules, namespaces, rlimits.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/spec/config_merge.hpp"
#include "engine/spec/user.hpp"

namespace tug::engine::spec {

struct BindFile {
    std::string source;       // host path
    std::string destination;  // path in the container
    bool read_only = false;
};

struct SpecInput {
    std::vector<std::string> args;  // Entrypoint then Cmd
    std::vector<std::string> env;   // the container's Env
    std::string cwd;                // WorkingDir; "" means "/"
    std::string rootfs;             // absolute path of the mounted rootfs
    std::string hostname;
    bool tty = false;
    std::string network_mode = "bridge";  // "host": the host's network namespace
    std::string netns_path;               // join this netns instead of a new one
    std::string cgroups_path;             // "/tug/<id>" or "system.slice:tug:<id>"
    ResolvedUser user;
    std::vector<BindFile> files;  // /etc/hostname, /etc/hosts, /etc/resolv.conf
    // Seccomp profile (issue 5 supplies docker's default); nullopt: none in the spec.
    std::optional<nlohmann::json> seccomp;
    // The caller's hard RLIMIT_NOFILE: defaults never exceed what the caller may set.
    unsigned long long nofile_hard = 1048576;
};

// docker's default capability set, "CAP_" names.
const std::vector<std::string>& default_capabilities();

// The spec's process.env: PATH (when env has none), HOSTNAME, TERM for a tty, then env
// (the container's Env).
std::vector<std::string> process_env(const std::vector<std::string>& env,
                                     const std::string& hostname, bool tty);

nlohmann::json build_spec(const SpecInput& in);

}  // namespace tug::engine::spec
