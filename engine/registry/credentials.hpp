// Registry credentials shared with docker and nerdctl: config.json in the docker config
// directory the front end names (the CLI: $DOCKER_CONFIG, else ~/.docker), its `auths`,
// `credsStore` and `credHelpers` (docker-credential-<name> get/store/erase).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/base/child_env.hpp"

namespace tug::engine::registry {

struct AuthConfig {
    std::string username;
    std::string password;
    std::string identity_token;  // OAuth refresh token (helpers' "<token>" user)
};

// Where logins are kept, and the environment credential helpers run with (they may need
// the user's HOME, a keyring's socket, ...).
struct CredentialStore {
    std::string config_path;  // docker's config.json
    base::ChildEnv helper_env;
};

// <docker_config_dir>/config.json, helpers with the engine's child environment.
CredentialStore credential_store(const EngineConfig& config);

// Normalizes what a user types for login/logout ("https://host:5000/v2/", "docker.io",
// "index.docker.io") to a host ("host:5000", "docker.io").
std::string normalize_server(const std::string& server);
// The key docker uses in config.json for a host: "https://index.docker.io/v1/" for
// docker.io, else the host itself.
std::string credential_key(const std::string& host);

// Credentials for host from the store's config.json (or a helper it names); nullopt when
// there are none. A failing helper is an Unauthenticated error naming it.
std::optional<AuthConfig> lookup_credentials(const std::string& host, const CredentialStore& store);
// Same, from an already parsed config.json (unit tests, and the helper seam).
std::optional<AuthConfig> lookup_credentials_in(const nlohmann::json& config,
                                                const std::string& host,
                                                const base::ChildEnv& helper_env);

// Stores credentials: through the host's helper when credHelpers/credsStore names one,
// else base64 in auths (file mode 0600, other keys kept). Returns where they went:
// the config path or "docker-credential-<name>".
std::string store_credentials(const std::string& host, const AuthConfig& auth,
                              const CredentialStore& store);
// Removes them; returns false when there were none.
bool erase_credentials(const std::string& host, const CredentialStore& store);

}  // namespace tug::engine::registry
