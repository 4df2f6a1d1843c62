// Where to reach a registry host and how to secure the connection: containerd's
// hosts.toml and docker's certs.d files in <registry_config_dir>/<host>/, insecure
// registries and loopback falling back to plain HTTP like docker.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/api/config.hpp"
#include "engine/registry/http.hpp"

namespace tug::engine::registry {

struct Endpoint {
    std::string base_url;  // "https://host:5000/v2" (no trailing slash)
    bool pull = true;
    bool resolve = true;
    bool push = true;
    bool mirror = false;  // a [host."..."] entry rather than the upstream server
    TlsConfig tls;
};

// Endpoints to try in order for host (a reference domain): the hosts.toml mirrors, then
// the server. For an insecure host every https endpoint skips verification and is
// followed by its plain-HTTP twin. Insecure: listed in --insecure-registry, or a loopback
// host (localhost, 127.0.0.0/8, ::1) that has no hosts.toml or CA in its config dir (a
// CA put there is a request to verify with it).
// Throws InvalidArgument naming the file for a malformed hosts.toml.
std::vector<Endpoint> resolve_endpoints(const EngineConfig& config, const std::string& host);

// Parses hosts.toml text (dir is where relative ca/client paths point to).
// default_server: "https://<host>" or docker.io's "https://registry-1.docker.io".
std::vector<Endpoint> parse_hosts_toml(std::string_view text, const std::string& file,
                                       const std::string& dir, const std::string& default_server);

// Docker's rule: listed in insecure (host, host:port, or a CIDR containing its IP), or a
// loopback name/address.
bool is_insecure_host(const std::string& host, const std::vector<std::string>& insecure);
bool is_loopback_host(const std::string& host);

// "https://registry-1.docker.io" for docker.io, else "https://<host>".
std::string default_server_url(const std::string& host);

}  // namespace tug::engine::registry
