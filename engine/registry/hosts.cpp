// Registry endpoint resolution: hosts.toml (containerd's format), certs.d files
// (docker's), insecure and loopback hosts.
#include "engine/registry/hosts.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include <toml++/toml.h>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::engine::registry {
namespace {

namespace fs = std::filesystem;

std::string host_without_port(const std::string& host) {
    if (!host.empty() && host.front() == '[') {
        const size_t close = host.find(']');
        return host.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    }
    const size_t colon = host.find(':');
    // More than one colon: a bare IPv6 address.
    if (colon != std::string::npos && host.find(':', colon + 1) == std::string::npos) {
        return host.substr(0, colon);
    }
    return host;
}

bool in_cidr(const std::string& ip, const std::string& cidr) {
    const size_t slash = cidr.find('/');
    if (slash == std::string::npos) return false;
    const std::string net = cidr.substr(0, slash);
    const int bits = std::atoi(cidr.c_str() + slash + 1);
    unsigned char a[16] = {};
    unsigned char b[16] = {};
    int len = 0;
    if (inet_pton(AF_INET, ip.c_str(), a) == 1 && inet_pton(AF_INET, net.c_str(), b) == 1) {
        len = 4;
    } else if (inet_pton(AF_INET6, ip.c_str(), a) == 1 &&
               inet_pton(AF_INET6, net.c_str(), b) == 1) {
        len = 16;
    } else {
        return false;
    }
    if (bits < 0 || bits > len * 8) return false;
    for (int i = 0; i < bits; ++i) {
        const int byte = i / 8;
        const int mask = 0x80 >> (i % 8);
        if ((a[byte] & mask) != (b[byte] & mask)) return false;
    }
    return true;
}

std::string absolute_in(const std::string& dir, const std::string& p) {
    return p.empty() || p.front() == '/' ? p : dir + "/" + p;
}

[[noreturn]] void bad(const std::string& file, const toml::node& node, const std::string& what) {
    throw Error(Errc::InvalidArgument,
                file + ":" + std::to_string(node.source().begin.line) + ": " + what);
}

std::vector<std::string> string_list(const std::string& file, const toml::node& node,
                                     const std::string& key) {
    std::vector<std::string> out;
    if (auto s = node.value<std::string>()) {
        out.push_back(*s);
    } else if (const toml::array* arr = node.as_array()) {
        for (const toml::node& el : *arr) {
            auto s2 = el.value<std::string>();
            if (!s2) bad(file, el, key + " must be a list of strings");
            out.push_back(*s2);
        }
    } else {
        bad(file, node, key + " must be a string or a list of strings");
    }
    return out;
}

// Applies the keys shared by the top level and [host."..."] tables.
Endpoint make_endpoint(const std::string& file, const std::string& dir, const std::string& url,
                       const toml::table& t, const toml::node& where) {
    Endpoint ep;
    std::string u = url;
    if (u.find("://") == std::string::npos) u = "https://" + u;
    if (!u.starts_with("https://") && !u.starts_with("http://")) {
        bad(file, where, "unsupported scheme in \"" + url + "\"");
    }
    while (u.size() > 8 && u.back() == '/')
        u.pop_back();
    const size_t path_start = u.find('/', u.find("://") + 3);
    const bool override_path = t["override_path"].value_or(false);
    if (path_start == std::string::npos) {
        u += "/v2";
    } else if (!override_path && !u.ends_with("/v2")) {
        u += "/v2";
    }
    ep.base_url = u;
    if (const toml::node* caps = t.get("capabilities")) {
        ep.pull = ep.resolve = ep.push = false;
        for (const std::string& c : string_list(file, *caps, "capabilities")) {
            if (c == "pull") {
                ep.pull = true;
            } else if (c == "resolve") {
                ep.resolve = true;
            } else if (c == "push") {
                ep.push = true;
            } else {
                bad(file, *caps, "unknown capability \"" + c + "\"");
            }
        }
    }
    if (const toml::node* sv = t.get("skip_verify")) {
        auto b = sv->value<bool>();
        if (!b) bad(file, *sv, "skip_verify must be a boolean");
        ep.tls.skip_verify = *b;
    }
    if (const toml::node* ca = t.get("ca")) {
        for (const std::string& p : string_list(file, *ca, "ca")) {
            ep.tls.ca_files.push_back(absolute_in(dir, p));
        }
    }
    if (const toml::node* client = t.get("client")) {
        if (auto s = client->value<std::string>()) {
            ep.tls.client_cert = ep.tls.client_key = absolute_in(dir, *s);
        } else if (const toml::array* arr = client->as_array(); arr && !arr->empty()) {
            const toml::node& first = *arr->get(0);
            if (auto s2 = first.value<std::string>()) {
                ep.tls.client_cert = absolute_in(dir, *s2);
                ep.tls.client_key = arr->size() > 1 && arr->get(1)->value<std::string>()
                                        ? absolute_in(dir, *arr->get(1)->value<std::string>())
                                        : ep.tls.client_cert;
            } else if (const toml::array* pair = first.as_array(); pair && pair->size() == 2) {
                ep.tls.client_cert = absolute_in(dir, pair->get(0)->value_or(std::string()));
                ep.tls.client_key = absolute_in(dir, pair->get(1)->value_or(std::string()));
            } else {
                bad(file, *client, "client must be a path, a list of paths or [cert, key] pairs");
            }
        } else {
            bad(file, *client, "client must be a path, a list of paths or [cert, key] pairs");
        }
    }
    return ep;
}

// docker's certs.d layout: *.crt are CAs, <name>.cert + <name>.key a client pair.
void add_certs_d(const std::string& dir, TlsConfig& tls) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
        const std::string ext = p.extension().string();
        if (ext == ".crt") {
            if (std::find(tls.ca_files.begin(), tls.ca_files.end(), p.string()) ==
                tls.ca_files.end()) {
                tls.ca_files.push_back(p.string());
            }
        } else if (ext == ".cert" && tls.client_cert.empty()) {
            fs::path key = p;
            key.replace_extension(".key");
            if (fs::exists(key, ec)) {
                tls.client_cert = p.string();
                tls.client_key = key.string();
            }
        }
    }
}

}  // namespace

std::string default_server_url(const std::string& host) {
    if (host == "docker.io") return "https://registry-1.docker.io";
    return "https://" + host;
}

bool is_loopback_host(const std::string& host) {
    const std::string name = host_without_port(host);
    if (name == "localhost" || name == "::1") return true;
    unsigned char addr[4];
    return inet_pton(AF_INET, name.c_str(), addr) == 1 && addr[0] == 127;
}

namespace {
bool listed_insecure(const std::string& host, const std::vector<std::string>& insecure) {
    const std::string name = host_without_port(host);
    for (const std::string& entry : insecure) {
        std::string e = entry;
        if (e.starts_with("http://")) e = e.substr(7);
        if (e.starts_with("https://")) e = e.substr(8);
        while (!e.empty() && e.back() == '/')
            e.pop_back();
        if (e == host || e == name) return true;
        if (e.find('/') != std::string::npos && in_cidr(name, e)) return true;
    }
    return false;
}
}  // namespace

bool is_insecure_host(const std::string& host, const std::vector<std::string>& insecure) {
    return is_loopback_host(host) || listed_insecure(host, insecure);
}

std::vector<Endpoint> parse_hosts_toml(std::string_view text, const std::string& file,
                                       const std::string& dir, const std::string& default_server) {
    toml::table root;
    try {
        root = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        throw Error(Errc::InvalidArgument, file + ":" + std::to_string(e.source().begin.line) +
                                               ": " + std::string(e.description()));
    }
    std::vector<Endpoint> out;
    if (const toml::node* hosts = root.get("host")) {
        const toml::table* ht = hosts->as_table();
        if (ht == nullptr) bad(file, *hosts, "host must be a table of [host.\"url\"] entries");
        // toml++ keeps keys sorted; containerd tries mirrors in the order written.
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (const auto& [k, v] : *ht)
            entries.emplace_back(&k, &v);
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            return a.first->source().begin.line < b.first->source().begin.line;
        });
        for (const auto& [key, node] : entries) {
            const toml::table* t = node->as_table();
            if (t == nullptr)
                bad(file, *node, "host." + std::string(key->str()) + " must be a table");
            Endpoint ep = make_endpoint(file, dir, std::string(key->str()), *t, *node);
            ep.mirror = true;
            out.push_back(std::move(ep));
        }
    }
    std::string server = default_server;
    if (const toml::node* s = root.get("server")) {
        auto v = s->value<std::string>();
        if (!v) bad(file, *s, "server must be a string");
        server = *v;
    }
    out.push_back(make_endpoint(file, dir, server, root, root));
    return out;
}

std::vector<Endpoint> resolve_endpoints(const EngineConfig& config, const std::string& host) {
    const std::string dir = config.registry_config_dir + "/" + host;
    std::vector<Endpoint> eps;
    const std::string file = dir + "/hosts.toml";
    auto text = base::read_file_if_exists(file);
    if (text) {
        eps = parse_hosts_toml(*text, file, dir, default_server_url(host));
    } else {
        Endpoint ep;
        ep.base_url = default_server_url(host) + "/v2";
        eps.push_back(std::move(ep));
    }
    // certs.d files apply to the upstream server, as with docker.
    add_certs_d(dir, eps.back().tls);
    const bool configured = text.has_value() || !eps.back().tls.ca_files.empty();
    const bool insecure = listed_insecure(host, config.insecure_registries) ||
                          (is_loopback_host(host) && !configured);
    if (!insecure) return eps;
    std::vector<Endpoint> out;
    for (Endpoint& ep : eps) {
        if (ep.base_url.starts_with("https://")) {
            ep.tls.skip_verify = true;
            Endpoint plain = ep;
            plain.base_url = "http://" + ep.base_url.substr(8);
            out.push_back(std::move(ep));
            out.push_back(std::move(plain));
        } else {
            out.push_back(std::move(ep));
        }
    }
    return out;
}

}  // namespace tug::engine::registry
