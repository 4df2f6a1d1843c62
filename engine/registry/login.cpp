// tug login / logout: check credentials against the registry, store or erase them in
// docker's config.json (or its credential helper).
#include "engine/api/registry.hpp"
#include "engine/base/error.hpp"
#include "engine/registry/client.hpp"
#include "engine/registry/credentials.hpp"

namespace tug::engine {

RegistryLoginReport registry_login(const EngineConfig& config, const RegistryLoginOptions& opts) {
    const std::string host = registry::normalize_server(opts.server);
    return with_context("login " + host, [&] {
        if (opts.username.empty()) throw Error(Errc::InvalidArgument, "username is empty");
        if (opts.password.empty()) throw Error(Errc::InvalidArgument, "password is empty");
        registry::Client client(config, host);
        client.check_login(opts.username, opts.password);
        RegistryLoginReport report;
        report.server_key = registry::credential_key(host);
        report.stored_in = registry::store_credentials(host, {opts.username, opts.password, {}},
                                                       registry::credential_store(config));
        return report;
    });
}

RegistryLogoutReport registry_logout(const EngineConfig& config,
                                     const RegistryLogoutOptions& opts) {
    const std::string host = registry::normalize_server(opts.server);
    return with_context("logout " + host, [&] {
        RegistryLogoutReport report;
        report.server_key = registry::credential_key(host);
        report.removed = registry::erase_credentials(host, registry::credential_store(config));
        return report;
    });
}

}  // namespace tug::engine
