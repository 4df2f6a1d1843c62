// docker config.json credentials: auths entries, credential helpers, atomic updates.
#include "engine/registry/credentials.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>

#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/lazy/openssl.hpp"

namespace tug::engine::registry {
namespace {

constexpr std::string_view kIndexServer = "https://index.docker.io/v1/";

std::string base64_encode(std::string_view in) {
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = lazy::crypto().EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                 reinterpret_cast<const unsigned char*>(in.data()),
                                                 static_cast<int>(in.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::optional<std::string> base64_decode(std::string in) {
    in.erase(std::remove_if(in.begin(), in.end(),
                            [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
             in.end());
    if (in.size() % 4 != 0) return std::nullopt;
    std::string out(in.size() / 4 * 3 + 1, '\0');
    const int n = lazy::crypto().EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                 reinterpret_cast<const unsigned char*>(in.data()),
                                                 static_cast<int>(in.size()));
    if (n < 0) return std::nullopt;
    size_t len = static_cast<size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    if (!in.empty() && in.back() == '=') --len;
    if (in.size() > 1 && in[in.size() - 2] == '=') --len;
    out.resize(len);
    return out;
}

nlohmann::json read_config(const std::string& path) {
    auto text = base::read_file_if_exists(path);
    if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos)
        return nlohmann::json::object();
    try {
        auto j = nlohmann::json::parse(*text);
        if (!j.is_object()) throw Error(Errc::InvalidArgument, path + ": not a JSON object");
        return j;
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::InvalidArgument, path + ": " + e.what());
    }
}

void write_config(const std::string& path, const nlohmann::json& j) {
    base::make_dirs(std::filesystem::path(path).parent_path().string(), 0700);
    base::atomic_write_file(path, j.dump(1, '\t') + "\n", 0600);
}

// docker's convertToHostname: strip the scheme and any path.
std::string key_hostname(std::string key) {
    if (key.starts_with("http://")) key = key.substr(7);
    if (key.starts_with("https://")) key = key.substr(8);
    return key.substr(0, key.find('/'));
}

std::optional<std::string> helper_for(const nlohmann::json& config, const std::string& host) {
    if (auto it = config.find("credHelpers"); it != config.end() && it->is_object()) {
        for (const std::string& k : {credential_key(host), host}) {
            if (auto h = it->find(k); h != it->end() && h->is_string())
                return h->get<std::string>();
        }
    }
    if (auto it = config.find("credsStore");
        it != config.end() && it->is_string() && !it->get<std::string>().empty()) {
        return it->get<std::string>();
    }
    return std::nullopt;
}

std::optional<AuthConfig> helper_get(const std::string& helper, const std::string& key,
                                     const base::ChildEnv& env) {
    const std::string prog = "docker-credential-" + helper;
    base::CaptureResult r;
    try {
        r = base::run_capture({prog, "get"}, env, key + "\n");
    } catch (Error& e) {
        throw Error(Errc::Unauthenticated, "credential helper " + prog + ": " + e.message());
    }
    if (r.exit_code != 0) {
        const std::string msg = r.out + r.err;
        if (msg.find("credentials not found") != std::string::npos) return std::nullopt;
        throw Error(Errc::Unauthenticated,
                    "credential helper " + prog + ": " +
                        (msg.empty() ? "exit status " + std::to_string(r.exit_code) : msg));
    }
    try {
        auto j = nlohmann::json::parse(r.out);
        AuthConfig a;
        const std::string user = j.value("Username", "");
        const std::string secret = j.value("Secret", "");
        if (user == "<token>") {
            a.identity_token = secret;
        } else {
            a.username = user;
            a.password = secret;
        }
        return a;
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::Unauthenticated,
                    "credential helper " + prog + ": invalid output: " + e.what());
    }
}

void helper_run(const std::string& helper, const std::string& verb, const std::string& input,
                const base::ChildEnv& env) {
    const std::string prog = "docker-credential-" + helper;
    auto r = base::run_capture({prog, verb}, env, input);
    if (r.exit_code != 0) {
        throw Error(Errc::Unavailable,
                    "credential helper " + prog + " " + verb + ": " + r.out + r.err);
    }
}

}  // namespace

CredentialStore credential_store(const EngineConfig& config) {
    return {config.docker_config_dir + "/config.json", config.children};
}

std::string normalize_server(const std::string& server) {
    std::string h = key_hostname(server);
    if (h.empty() || h == "docker.io" || h == "index.docker.io" || h == "registry-1.docker.io") {
        return "docker.io";
    }
    return h;
}

std::string credential_key(const std::string& host) {
    return host == "docker.io" ? std::string(kIndexServer) : host;
}

std::optional<AuthConfig> lookup_credentials_in(const nlohmann::json& config,
                                                const std::string& host,
                                                const base::ChildEnv& helper_env) {
    if (auto helper = helper_for(config, host))
        return helper_get(*helper, credential_key(host), helper_env);
    auto auths = config.find("auths");
    if (auths == config.end() || !auths->is_object()) return std::nullopt;
    const nlohmann::json* entry = nullptr;
    if (auto it = auths->find(credential_key(host)); it != auths->end()) {
        entry = &*it;
    } else {
        for (auto it2 = auths->begin(); it2 != auths->end(); ++it2) {
            if (normalize_server(it2.key()) == host) {
                entry = &*it2;
                break;
            }
        }
    }
    if (entry == nullptr || !entry->is_object()) return std::nullopt;
    AuthConfig a;
    a.username = entry->value("username", "");
    a.password = entry->value("password", "");
    a.identity_token = entry->value("identitytoken", "");
    if (const std::string enc = entry->value("auth", ""); !enc.empty()) {
        auto dec = base64_decode(enc);
        const size_t colon = dec ? dec->find(':') : std::string::npos;
        if (colon == std::string::npos) {
            throw Error(Errc::InvalidArgument,
                        "credentials for " + host + ": invalid auth value in config.json");
        }
        a.username = dec->substr(0, colon);
        a.password = dec->substr(colon + 1);
    }
    if (a.username.empty() && a.password.empty() && a.identity_token.empty()) return std::nullopt;
    return a;
}

std::optional<AuthConfig> lookup_credentials(const std::string& host,
                                             const CredentialStore& store) {
    return with_context("read credentials for " + host, [&] {
        return lookup_credentials_in(read_config(store.config_path), host, store.helper_env);
    });
}

std::string store_credentials(const std::string& host, const AuthConfig& auth,
                              const CredentialStore& store) {
    const std::string& path = store.config_path;
    nlohmann::json config = read_config(path);
    const std::string key = credential_key(host);
    if (auto helper = helper_for(config, host)) {
        nlohmann::json in = {
            {"ServerURL", key},
            {"Username", auth.identity_token.empty() ? auth.username : "<token>"},
            {"Secret", auth.identity_token.empty() ? auth.password : auth.identity_token}};
        helper_run(*helper, "store", in.dump(), store.helper_env);
        // docker leaves an empty entry in auths so `docker info`-style listings see it.
        config["auths"][key] = nlohmann::json::object();
        write_config(path, config);
        return "docker-credential-" + *helper;
    }
    nlohmann::json entry = nlohmann::json::object();
    entry["auth"] = base64_encode(auth.username + ":" + auth.password);
    if (!auth.identity_token.empty()) entry["identitytoken"] = auth.identity_token;
    if (!config.contains("auths") || !config["auths"].is_object())
        config["auths"] = nlohmann::json::object();
    config["auths"][key] = entry;
    write_config(path, config);
    return path;
}

bool erase_credentials(const std::string& host, const CredentialStore& store) {
    const std::string& path = store.config_path;
    nlohmann::json config = read_config(path);
    const std::string key = credential_key(host);
    bool removed = false;
    if (auto helper = helper_for(config, host)) {
        try {
            helper_run(*helper, "erase", key + "\n", store.helper_env);
            removed = true;
        } catch (const Error&) {
            // Nothing stored there: docker treats this as "not logged in".
        }
    }
    if (auto auths = config.find("auths"); auths != config.end() && auths->is_object()) {
        for (auto it = auths->begin(); it != auths->end();) {
            if (it.key() == key || normalize_server(it.key()) == host) {
                it = auths->erase(it);
                removed = true;
            } else {
                ++it;
            }
        }
        if (removed) write_config(path, config);
    }
    return removed;
}

}  // namespace tug::engine::registry
