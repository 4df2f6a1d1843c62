// Engine API for registry logins: `tug login` / `tug logout`.
#pragma once

#include <string>

#include "engine/api/config.hpp"

namespace tug::engine {

struct RegistryLoginOptions {
    std::string server;  // "" -> docker.io; may be a URL ("https://host:5000/")
    std::string username;
    std::string password;
};

struct RegistryLoginReport {
    std::string server_key;  // the config.json key written ("https://index.docker.io/v1/")
    std::string stored_in;   // "config.json" path, or "docker-credential-<helper>"
};

// Checks the credentials against the registry's /v2/ and stores them (credsStore /
// credHelpers when configured, else base64 in config.json's auths, mode 0600).
// Unauthenticated error when the registry refuses them.
RegistryLoginReport registry_login(const EngineConfig& config, const RegistryLoginOptions& opts);

struct RegistryLogoutOptions {
    std::string server;  // "" -> docker.io
};

struct RegistryLogoutReport {
    std::string server_key;
    bool removed = false;  // false: there were no credentials for it
};

RegistryLogoutReport registry_logout(const EngineConfig& config, const RegistryLogoutOptions& opts);

}  // namespace tug::engine
