// The flags `run` and `create` share, and their translation to ContainerCreateOptions.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/container_host_flags.hpp"
#include "engine/api/container.hpp"

namespace tug::commands {

struct CreateFlags {
    std::string name, workdir, user, hostname, restart = "no";
    std::string stop_signal, log_driver = "json-file", pull = "missing", platform;
    std::optional<std::string> entrypoint;
    std::optional<int> stop_timeout;
    std::vector<std::string> env, env_files, labels, log_opts;
    bool interactive = false, tty = false, rm = false;
    engine::ContainerNetworkOptions net;
    HostFlags host;
    engine::HealthcheckFlags health;
    std::string cidfile, runtime;
    std::vector<std::string> label_files, attach;
    bool init = false;
};

// Adds the flags to app (which must be a prefix command: IMAGE and its command are in
// app.remaining()). -h is --hostname here, as in docker; --help stays.
void add_create_flags(CLI::App& app, CreateFlags& f);

// remaining: IMAGE [COMMAND] [ARG...], at least the image (the caller's require_args
// checks that with docker's wording). InvalidArgument for a bad flag value.
engine::ContainerCreateOptions to_create_options(const CreateFlags& f,
                                                 const std::vector<std::string>& remaining);

}  // namespace tug::commands
