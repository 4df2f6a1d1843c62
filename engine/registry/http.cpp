// libcurl transport: a pool of easy handles over one share handle, TLS per endpoint,
// streamed bodies both ways, redirects followed by hand.
#include "engine/registry/http.hpp"

#include <curl/curl.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <exception>
#include <mutex>

#include "engine/base/log.hpp"
#include "engine/lazy/curl.hpp"
#include "engine/lazy/openssl.hpp"

namespace tug::engine::registry {
namespace {

constexpr size_t kMaxErrorBody = 64 << 10;
constexpr int kMaxRedirects = 10;

std::once_flag g_curl_init;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Everything one transfer's callbacks need.
struct Transfer {
    HttpRequest* req = nullptr;
    HttpResponse* resp = nullptr;
    size_t body_sent = 0;
    std::exception_ptr error;
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string_view line(data, size * n);
    if (line.starts_with("HTTP/")) {
        // A new response (after 100 Continue, or a proxy's): forget earlier headers.
        t->resp->headers.clear();
        const size_t sp = line.find(' ');
        if (sp != std::string_view::npos)
            t->resp->status = std::atol(std::string(line.substr(sp + 1, 3)).c_str());
        return size * n;
    }
    if (line == "\r\n" || line == "\n") {
        // End of a header block: interim (1xx) and redirect responses are not final.
        const long status = t->resp->status;
        if (t->req->on_headers && status >= 200 &&
            !(t->req->follow_redirects && is_redirect(status))) {
            try {
                t->req->on_headers(*t->resp);
            } catch (...) {
                t->error = std::current_exception();
                return 0;
            }
        }
        return size * n;
    }
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        t->resp->headers.emplace(lower(std::string(line.substr(0, colon))),
                                 trim(line.substr(colon + 1)));
    }
    return size * n;
}

size_t on_write(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t len = size * n;
    const long status = t->resp->status;
    if (status >= 200 && status < 300 && t->req->sink) {
        try {
            t->req->sink(data, len);
        } catch (...) {
            t->error = std::current_exception();
            return 0;  // aborts the transfer
        }
        return len;
    }
    if (is_redirect(status)) return len;
    if (status >= 200 && status < 300) {
        t->resp->body.append(data, len);
    } else if (t->resp->body.size() < kMaxErrorBody) {
        t->resp->body.append(data, std::min(len, kMaxErrorBody - t->resp->body.size()));
    }
    return len;
}

size_t on_read(char* buf, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t want = size * n;
    if (t->req->body_source) {
        try {
            return t->req->body_source(buf, want);
        } catch (...) {
            t->error = std::current_exception();
            return CURL_READFUNC_ABORT;
        }
    }
    const std::string& body = t->req->body;
    const size_t len = std::min(want, body.size() - t->body_sent);
    std::copy_n(body.data() + t->body_sent, len, buf);
    t->body_sent += len;
    return len;
}

// Adds the endpoint's CA files to the verify store next to the system CAs (CAINFO
// would replace them).
CURLcode on_ssl_ctx(CURL*, void* ssl_ctx, void* user) {
    const auto* tls = static_cast<const TlsConfig*>(user);
    X509_STORE* store = lazy::ssl().SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
    for (const std::string& file : tls->ca_files) {
        FILE* f = std::fopen(file.c_str(), "re");
        if (f == nullptr) {
            base::log_warning("registry: cannot read CA file " + file);
            continue;
        }
        while (X509* cert = lazy::crypto().PEM_read_X509(f, nullptr, nullptr, nullptr)) {
            lazy::crypto().X509_STORE_add_cert(store, cert);  // duplicates are harmless
            lazy::crypto().X509_free(cert);
        }
        std::fclose(f);
    }
    return CURLE_OK;
}

void lock_share(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<std::mutex*>(user)[data].lock();
}
void unlock_share(CURL*, curl_lock_data data, void* user) {
    static_cast<std::mutex*>(user)[data].unlock();
}

}  // namespace

struct Http::Impl {
    std::mutex pool_mutex;
    std::vector<CURL*> pool;
    CURLSH* share = nullptr;
    std::mutex share_locks[CURL_LOCK_DATA_LAST];

    Impl() {
        std::call_once(g_curl_init, [] { lazy::curl().global_init(CURL_GLOBAL_DEFAULT); });
        share = lazy::curl().share_init();
        lazy::curl().share_setopt(share, CURLSHOPT_LOCKFUNC, lock_share);
        lazy::curl().share_setopt(share, CURLSHOPT_UNLOCKFUNC, unlock_share);
        lazy::curl().share_setopt(share, CURLSHOPT_USERDATA, share_locks);
        lazy::curl().share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        lazy::curl().share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        lazy::curl().share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    }
    ~Impl() {
        for (CURL* h : pool)
            lazy::curl().easy_cleanup(h);
        lazy::curl().share_cleanup(share);
    }
    CURL* take() {
        {
            std::lock_guard lock(pool_mutex);
            if (!pool.empty()) {
                CURL* h = pool.back();
                pool.pop_back();
                return h;
            }
        }
        return lazy::curl().easy_init();
    }
    void give(CURL* h) {
        std::lock_guard lock(pool_mutex);
        pool.push_back(h);
    }
    HttpResponse perform_once(CURL* h, HttpRequest& req, const std::string& url, bool with_auth);
};

HttpResponse Http::Impl::perform_once(CURL* h, HttpRequest& req, const std::string& url,
                                      bool with_auth) {
    lazy::curl().easy_reset(h);
    HttpResponse resp;
    Transfer t{&req, &resp, 0, nullptr};
    lazy::curl().easy_setopt(h, CURLOPT_SHARE, share);
    lazy::curl().easy_setopt(h, CURLOPT_URL, url.c_str());
    lazy::curl().easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    lazy::curl().easy_setopt(h, CURLOPT_USERAGENT, "tug/" TUG_VERSION);
    lazy::curl().easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    // A stalled transfer (under 1 KiB/s for a minute) is a dead connection.
    lazy::curl().easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    lazy::curl().easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
    lazy::curl().easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    lazy::curl().easy_setopt(h, CURLOPT_HEADERDATA, &t);
    lazy::curl().easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
    lazy::curl().easy_setopt(h, CURLOPT_WRITEDATA, &t);
    lazy::curl().easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "identity");
    lazy::curl().easy_setopt(h, CURLOPT_BUFFERSIZE, 256L * 1024);
    lazy::curl().easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    if (req.tls != nullptr) {
        if (req.tls->skip_verify) {
            lazy::curl().easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
            lazy::curl().easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        if (!req.tls->ca_files.empty()) {
            lazy::curl().easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
            lazy::curl().easy_setopt(h, CURLOPT_SSL_CTX_DATA, req.tls);
            // TLS sessions negotiated with other trust settings must not be reused.
            lazy::curl().easy_setopt(h, CURLOPT_SSL_SESSIONID_CACHE, 0L);
        }
        if (!req.tls->client_cert.empty()) {
            lazy::curl().easy_setopt(h, CURLOPT_SSLCERT, req.tls->client_cert.c_str());
            lazy::curl().easy_setopt(h, CURLOPT_SSLKEY, req.tls->client_key.c_str());
        }
    }
    if (req.method == "HEAD") {
        lazy::curl().easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (req.has_body) {
        lazy::curl().easy_setopt(h, CURLOPT_UPLOAD, 1L);
        lazy::curl().easy_setopt(h, CURLOPT_READFUNCTION, on_read);
        lazy::curl().easy_setopt(h, CURLOPT_READDATA, &t);
        const int64_t len =
            req.body_source ? req.body_length : static_cast<int64_t>(req.body.size());
        lazy::curl().easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(len));
        lazy::curl().easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    } else if (req.method == "POST") {
        lazy::curl().easy_setopt(h, CURLOPT_POST, 1L);
        lazy::curl().easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
        lazy::curl().easy_setopt(h, CURLOPT_POSTFIELDS, "");
    } else if (req.method != "GET") {
        lazy::curl().easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    }
    curl_slist* headers = nullptr;
    headers = lazy::curl().slist_append(headers, "Expect:");
    for (const std::string& hdr : req.headers)
        headers = lazy::curl().slist_append(headers, hdr.c_str());
    std::string auth_header;
    if (with_auth && !req.authorization.empty()) {
        auth_header = "Authorization: " + req.authorization;
        headers = lazy::curl().slist_append(headers, auth_header.c_str());
    }
    lazy::curl().easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    char errbuf[CURL_ERROR_SIZE] = {0};
    lazy::curl().easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    const CURLcode rc = lazy::curl().easy_perform(h);
    lazy::curl().slist_free_all(headers);
    if (t.error) std::rethrow_exception(t.error);
    if (rc != CURLE_OK) {
        std::string msg = errbuf[0] != 0 ? errbuf : lazy::curl().easy_strerror(rc);
        if (!msg.empty() && msg.back() == '\n') msg.pop_back();
        const bool tls = rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION ||
                         rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CACERT_BADFILE ||
                         rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
                         rc == CURLE_USE_SSL_FAILED || rc == CURLE_SSL_ENGINE_INITFAILED;
        const bool timeout = rc == CURLE_OPERATION_TIMEDOUT;
        // Refused connections fail fast (nothing listens; retrying only delays the
        // error); connections that drop or stall are retried.
        const bool retryable = !tls && rc != CURLE_COULDNT_RESOLVE_HOST &&
                               rc != CURLE_COULDNT_CONNECT && rc != CURLE_UNSUPPORTED_PROTOCOL &&
                               rc != CURLE_URL_MALFORMAT;
        throw TransportError(timeout ? Errc::DeadlineExceeded : Errc::Unavailable,
                             req.method + " " + url + ": " + msg, tls, retryable);
    }
    long status = 0;
    lazy::curl().easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    resp.status = status;
    resp.url = url;
    return resp;
}

Http::Http() : impl_(std::make_unique<Impl>()) {}
Http::~Http() = default;

HttpResponse Http::perform(HttpRequest& req) {
    CURL* h = impl_->take();
    struct Return {
        Impl* impl;
        CURL* h;
        ~Return() { impl->give(h); }
    } give_back{impl_.get(), h};
    std::string url = req.url;
    const std::string origin = url_origin(req.url);
    for (int hop = 0;; ++hop) {
        HttpResponse resp = impl_->perform_once(h, req, url, url_origin(url) == origin);
        if (!req.follow_redirects || !is_redirect(resp.status) || hop >= kMaxRedirects) return resp;
        const std::string location = resp.header("location");
        if (location.empty()) return resp;
        url = resolve_url(url, location);
        base::log_debug("registry: redirected to " + url_origin(url));
    }
}

std::string HttpResponse::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> HttpResponse::headers_named(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = headers.equal_range(name);
    for (auto it = b; it != e; ++it)
        out.push_back(it->second);
    return out;
}

std::string resolve_url(const std::string& base, const std::string& location) {
    CURLU* u = lazy::curl().url();
    std::string out = location;
    if (lazy::curl().url_set(u, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK &&
        lazy::curl().url_set(u, CURLUPART_URL, location.c_str(), 0) == CURLUE_OK) {
        char* s = nullptr;
        if (lazy::curl().url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK) {
            out = s;
            lazy::curl().free(s);
        }
    }
    lazy::curl().url_cleanup(u);
    return out;
}

std::string url_origin(const std::string& url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const size_t slash = url.find('/', scheme + 3);
    return lower(url.substr(0, slash));
}

std::string url_escape(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    return out;
}

}  // namespace tug::engine::registry
