// libcurl's functions, called through a table resolved from libcurl.so.4 on first use.
// tug does not link libcurl: it and the ~40 libraries it pulls in (TLS, Kerberos, LDAP,
// ...) would cost every tug process milliseconds to load and relocate, and only commands
// that talk to a registry need them. Callers call the real functions, the variadic
// setters included, with their real argument types:
//     lazy::curl().easy_setopt(h, CURLOPT_URL, url.c_str());
#pragma once

#include <curl/curl.h>

namespace tug::engine::lazy {

// Member m is curl_m. curl.h's compile-time check of setopt argument types covers calls
// through its curl_easy_setopt macro only: pass numbers as long (1L) or curl_off_t as
// each option documents.
struct CurlApi {
    decltype(&::curl_global_init) global_init;
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_easy_reset) easy_reset;
    decltype(&::curl_easy_perform) easy_perform;
    decltype(&::curl_easy_setopt) easy_setopt;
    decltype(&::curl_easy_getinfo) easy_getinfo;
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_free) free;
    decltype(&::curl_share_init) share_init;
    decltype(&::curl_share_cleanup) share_cleanup;
    decltype(&::curl_share_setopt) share_setopt;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
    decltype(&::curl_url) url;
    decltype(&::curl_url_cleanup) url_cleanup;
    decltype(&::curl_url_get) url_get;
    decltype(&::curl_url_set) url_set;
};

// The table, resolved on the first call (thread-safe: callers wait for the one resolving).
// Throws tug::Error (Unavailable) naming the library or symbol that is missing; a later
// call tries again.
const CurlApi& curl();

}  // namespace tug::engine::lazy
