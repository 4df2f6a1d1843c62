// docker's container Config from the image's config and the user's options: Entrypoint,
// Cmd, Env, WorkingDir, User merged the way `docker run` merges them (the user's ids are
// resolved at start, see user.hpp).
#pragma once

#include <cstdint>
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
    std::vector<std::string> env;  // "K=V" entries
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

}  // namespace tug::engine::spec
