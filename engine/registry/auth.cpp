// WWW-Authenticate and token parsing, registry error bodies.
#include "engine/registry/auth.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace tug::engine::registry {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view reason_phrase(long status) {
    switch (status) {
        case 400:
            return "bad request";
        case 401:
            return "unauthorized";
        case 403:
            return "forbidden";
        case 404:
            return "not found";
        case 405:
            return "method not allowed";
        case 409:
            return "conflict";
        case 413:
            return "request entity too large";
        case 416:
            return "requested range not satisfiable";
        case 429:
            return "too many requests";
        case 500:
            return "internal server error";
        case 502:
            return "bad gateway";
        case 503:
            return "service unavailable";
        case 504:
            return "gateway timeout";
        default:
            return "";
    }
}

}  // namespace

std::vector<Challenge> parse_www_authenticate(std::string_view h) {
    std::vector<Challenge> out;
    size_t i = 0;
    auto skip_ws = [&] {
        while (i < h.size() && (h[i] == ' ' || h[i] == '\t'))
            ++i;
    };
    auto read_token = [&] {
        const size_t start = i;
        while (i < h.size() && is_token_char(h[i]))
            ++i;
        return std::string(h.substr(start, i - start));
    };
    while (i < h.size()) {
        skip_ws();
        while (i < h.size() && (h[i] == ',' || h[i] == ' '))
            ++i;
        const size_t scheme_start = i;
        std::string scheme = read_token();
        if (scheme.empty()) {
            ++i;  // junk: skip a character and try again
            continue;
        }
        skip_ws();
        // "scheme=" means this was a parameter of the previous challenge.
        if (i < h.size() && h[i] == '=' && !out.empty()) {
            i = scheme_start;
        } else {
            out.push_back(Challenge{lower(scheme), {}});
        }
        // Parameters: key=value or key="quoted", separated by commas, until the next
        // token that is followed by a space (a new challenge) or the end.
        for (;;) {
            skip_ws();
            while (i < h.size() && h[i] == ',') {
                ++i;
                skip_ws();
            }
            const size_t key_start = i;
            std::string key = read_token();
            skip_ws();
            if (key.empty() || i >= h.size() || h[i] != '=') {
                i = key_start;
                break;
            }
            ++i;
            skip_ws();
            std::string value;
            if (i < h.size() && h[i] == '"') {
                ++i;
                while (i < h.size() && h[i] != '"') {
                    if (h[i] == '\\' && i + 1 < h.size()) ++i;
                    value += h[i++];
                }
                if (i < h.size()) ++i;
            } else {
                while (i < h.size() && h[i] != ',' && h[i] != ' ')
                    value += h[i++];
            }
            out.back().params[lower(key)] = value;
        }
    }
    return out;
}

Token parse_token_response(std::string_view body) {
    Token t;
    try {
        auto j = nlohmann::json::parse(body);
        if (j.contains("token") && j["token"].is_string()) t.value = j["token"].get<std::string>();
        if (t.value.empty() && j.contains("access_token") && j["access_token"].is_string()) {
            t.value = j["access_token"].get<std::string>();
        }
        if (j.contains("expires_in") && j["expires_in"].is_number_integer()) {
            // The spec's minimum is 60 seconds; anything shorter is treated as 60.
            t.lifetime =
                std::chrono::seconds(std::max<int64_t>(60, j["expires_in"].get<int64_t>()));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::Unauthenticated, std::string("invalid token response: ") + e.what());
    }
    if (t.value.empty()) throw Error(Errc::Unauthenticated, "token response holds no token");
    return t;
}

std::string describe_http_error(long status, std::string_view body) {
    std::string prefix = std::to_string(status);
    std::vector<std::string> parts;
    try {
        auto j = nlohmann::json::parse(body);
        if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
            for (const auto& e : j["errors"]) {
                if (!e.is_object()) continue;
                std::string code = lower(e.value("code", ""));
                std::replace(code.begin(), code.end(), '_', ' ');
                const std::string msg = e.contains("message") && e["message"].is_string()
                                            ? e["message"].get<std::string>()
                                            : std::string();
                if (code.empty()) {
                    parts.push_back(msg);
                } else if (msg.empty() || lower(msg) == code) {
                    parts.push_back(code);
                } else {
                    parts.push_back(code + ": " + msg);
                }
            }
        } else if (j.is_object() && j.contains("details") && j["details"].is_string()) {
            parts.push_back(j["details"].get<std::string>());  // docker hub token errors
        }
    } catch (const nlohmann::json::exception&) {
    }
    if (parts.empty()) {
        const std::string_view reason = reason_phrase(status);
        return reason.empty() ? prefix : prefix + " " + std::string(reason);
    }
    std::string out = prefix + " ";
    for (size_t k = 0; k < parts.size(); ++k) {
        if (k > 0) out += "; ";
        out += parts[k];
    }
    return out;
}

Errc errc_for_status(long status) {
    switch (status) {
        case 401:
            return Errc::Unauthenticated;
        case 403:
            return Errc::PermissionDenied;
        case 404:
            return Errc::NotFound;
        case 400:
        case 405:
        case 413:
        case 416:
            return Errc::InvalidArgument;
        case 409:
            return Errc::Conflict;
        case 429:
            return Errc::Unavailable;
        default:
            return status >= 500 ? Errc::Unavailable : Errc::Internal;
    }
}

Error http_error(std::string_view op, long status, std::string_view body) {
    return Error(errc_for_status(status),
                 std::string(op) + ": " + describe_http_error(status, body));
}

}  // namespace tug::engine::registry
