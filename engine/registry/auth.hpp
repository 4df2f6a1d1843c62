// Registry auth protocol pieces: WWW-Authenticate challenges, token responses, and the
// registry's JSON error bodies turned into tug errors.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/error.hpp"

namespace tug::engine::registry {

struct Challenge {
    std::string scheme;                         // lower-case: "bearer", "basic"
    std::map<std::string, std::string> params;  // keys lower-case: realm, service, scope, error

    std::string param(const std::string& key) const {
        auto it = params.find(key);
        return it == params.end() ? std::string() : it->second;
    }
};

// Parses a WWW-Authenticate header (RFC 7235: several challenges, quoted strings with
// escapes, commas inside quotes). Malformed parts are skipped.
std::vector<Challenge> parse_www_authenticate(std::string_view header);

struct Token {
    std::string value;
    std::chrono::seconds lifetime{60};
};

// A token endpoint's JSON ({"token"|"access_token", "expires_in"}). Throws
// Unauthenticated when it holds no token.
Token parse_token_response(std::string_view body);

// The message of a registry error response: "401 unauthorized: authentication
// required", "404 manifest unknown", "500 internal server error" (no JSON body).
std::string describe_http_error(long status, std::string_view body);

// The error class for an HTTP status (401 Unauthenticated, 403 PermissionDenied, 404
// NotFound, 429/5xx Unavailable, 400/405/413/416 InvalidArgument, else Internal).
Errc errc_for_status(long status);

// "<op>: <describe_http_error>" with the matching class.
Error http_error(std::string_view op, long status, std::string_view body);

}  // namespace tug::engine::registry
