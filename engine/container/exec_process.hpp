// The OCI process of a `tug exec`: the running container's process (from its bundle's
// config.json) with docker's exec overrides applied.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/container_record.hpp"

namespace tug::engine::container {

struct ExecProcessInput {
    std::vector<std::string> args;
    std::vector<std::string> env;  // -e/--env-file, already expanded to "K=V"
    std::string user;              // -u; "" -> the container's Config.User
    std::string workdir;           // -w; "" -> the container's cwd
    bool tty = false;
    bool privileged = false;
    std::vector<std::string> all_capabilities;  // what --privileged grants
    std::string rootfs;  // the container's root: its /etc/passwd and /etc/group name the user
};

// spec_process: config.json's "process"; config: the container's. Env like docker:
// PATH (unless the container's Env has it), HOSTNAME, TERM=xterm for a tty, the
// container's Env, HOME of the user (unless set), then the exec's own entries
// (replacing same-named ones). InvalidArgument when -u names an unknown user.
nlohmann::json exec_process(const nlohmann::json& spec_process, const ContainerConfig& config,
                            const ExecProcessInput& in);

}  // namespace tug::engine::container
