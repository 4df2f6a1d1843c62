// HTTP transport for the registry client: pooled libcurl handles sharing DNS, TLS
// sessions and connections; per-endpoint TLS (extra CAs, client certs, skip verify);
// manual redirects so credentials never follow to another host.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/error.hpp"

namespace tug::engine::registry {

struct TlsConfig {
    bool skip_verify = false;
    std::vector<std::string> ca_files;  // added to the system CAs, not replacing them
    std::string client_cert;
    std::string client_key;
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string authorization;         // value for Authorization; dropped on cross-host redirects
    // Request body: either body, or body_source producing body_length bytes.
    std::string body;
    std::function<size_t(char*, size_t)> body_source;
    int64_t body_length = -1;
    bool has_body = false;
    // 2xx response bodies go here when set (streamed); otherwise into HttpResponse::body.
    // Non-2xx bodies are always collected (capped) for error messages.
    std::function<void(const char*, size_t)> sink;
    // Called once the final response's headers are in (status and headers set), before
    // any body reaches sink. May throw to abort the transfer.
    std::function<void(const struct HttpResponse&)> on_headers;
    bool follow_redirects = false;
    const TlsConfig* tls = nullptr;
};

struct HttpResponse {
    long status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string url;  // after redirects

    // First value of a header (name lower-case), "" when absent.
    std::string header(const std::string& name) const;
    std::vector<std::string> headers_named(const std::string& name) const;
};

// A transport-level failure (no HTTP response), class Unavailable or DeadlineExceeded,
// saying whether a retry or a plain-HTTP fallback makes sense.
class TransportError : public Error {
  public:
    TransportError(Errc code, std::string message, bool tls, bool retryable)
        : Error(code, std::move(message)), tls_(tls), retryable_(retryable) {}
    bool tls() const noexcept { return tls_; }  // TLS handshake / certificate problem
    bool retryable() const noexcept { return retryable_; }

  private:
    bool tls_;
    bool retryable_;
};

class Http {
  public:
    Http();
    ~Http();
    Http(const Http&) = delete;
    Http& operator=(const Http&) = delete;

    // Performs the request once. Throws TransportError for transport failures (message
    // from curl), or whatever a sink/body_source threw.
    // HTTP error statuses are returned, not thrown.
    HttpResponse perform(HttpRequest& req);

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// Resolves a Location header against the URL it came from.
std::string resolve_url(const std::string& base, const std::string& location);
// scheme://host[:port] of a URL.
std::string url_origin(const std::string& url);
// Percent-encodes a query parameter value.
std::string url_escape(const std::string& s);

}  // namespace tug::engine::registry
