// docker's container Config from the image's config and the user's options: Entrypoint,
// Cmd, Env, WorkingDir, User merged the way `docker run` merges them (the user's ids are
// resolved at start, see user.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::engine::spec {

inline constexpr std::string_view kDefaultPath =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

struct UserOverrides {
    std::vector<std::string> command;
    std::optional<std::string> entrypoint;
    std::vector<std::string> env;  // resolved "K=V" entries (see expand_env)
    std::string workdir, user;
};

// Merges the image's "config" object (docker image config JSON, may be null) with the
// overrides into docker's Config fields: Entrypoint, Cmd, Env, WorkingDir, User.
// InvalidArgument: "No command specified" when nothing is left to run, and docker's
// message for a relative working directory.
nlohmann::json merge_config(const nlohmann::json& image_config, const UserOverrides& o);

// Env entries set on top of base ("K=V" replaces K; order of first appearance kept).
std::vector<std::string> merge_env(const std::vector<std::string>& base,
                                   const std::vector<std::string>& overrides);

// -e / --env-file values to "K=V": a bare "K" takes K from lookup, and is dropped when
// lookup has none (docker's behaviour). env_file_texts are the files' contents.
std::vector<std::string> expand_env(const std::vector<std::string>& env_file_texts,
                                    const std::vector<std::string>& env_flags,
                                    const std::function<std::optional<std::string>(const std::string&)>& lookup);

}  // namespace tug::engine::spec
