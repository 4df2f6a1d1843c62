// The libcurl functions tug calls, resolved on first use.
#include <curl/curl.h>

#include <cstdarg>

#include "engine/base/lazy_library.hpp"

TUG_LAZY_FUNCTION(libcurl, CURLcode, curl_global_init, (long flags), (flags))
TUG_LAZY_FUNCTION(libcurl, CURL*, curl_easy_init, (void), ())
TUG_LAZY_FUNCTION(libcurl, void, curl_easy_cleanup, (CURL * curl), (curl))
TUG_LAZY_FUNCTION(libcurl, void, curl_easy_reset, (CURL * curl), (curl))
TUG_LAZY_FUNCTION(libcurl, CURLcode, curl_easy_perform, (CURL * curl), (curl))
TUG_LAZY_FUNCTION(libcurl, const char*, curl_easy_strerror, (CURLcode code), (code))
TUG_LAZY_FUNCTION(libcurl, void, curl_free, (void* p), (p))
TUG_LAZY_FUNCTION(libcurl, CURLSH*, curl_share_init, (void), ())
TUG_LAZY_FUNCTION(libcurl, CURLSHcode, curl_share_cleanup, (CURLSH * share), (share))
TUG_LAZY_FUNCTION(libcurl, curl_slist*, curl_slist_append, (curl_slist * list, const char* data),
                  (list, data))
TUG_LAZY_FUNCTION(libcurl, void, curl_slist_free_all, (curl_slist * list), (list))
TUG_LAZY_FUNCTION(libcurl, CURLU*, curl_url, (void), ())
TUG_LAZY_FUNCTION(libcurl, void, curl_url_cleanup, (CURLU * handle), (handle))
TUG_LAZY_FUNCTION(libcurl, CURLUcode, curl_url_get,
                  (CURLU * handle, CURLUPart what, char** part, unsigned int flags),
                  (handle, what, part, flags))
TUG_LAZY_FUNCTION(libcurl, CURLUcode, curl_url_set,
                  (CURLU * handle, CURLUPart what, const char* part, unsigned int flags),
                  (handle, what, part, flags))

// The variadic setters take exactly one argument after the option: a long, a pointer,
// a function pointer or a curl_off_t. Each is one 64-bit integer-class value, so it is
// read as a pointer and passed on unchanged.
static_assert(sizeof(long) == sizeof(void*) && sizeof(curl_off_t) == sizeof(void*));

// Defines the variadic C function `name(handle, option, ...)`, forwarding its one value.
#define TUG_LAZY_SETTER(ret, name, Handle, Option)                                       \
    extern "C" ret name(Handle handle, Option option, ...) {                             \
        using Fn = ret (*)(Handle, Option, ...);                                         \
        static const auto real = tug::lazy::resolve<Fn>(tug::lazy::libcurl(), #name);    \
        va_list args;                                                                    \
        va_start(args, option);                                                          \
        void* value = va_arg(args, void*);                                               \
        va_end(args);                                                                    \
        return real(handle, option, value);                                              \
    }

TUG_LAZY_SETTER(CURLcode, curl_easy_setopt, CURL*, CURLoption)
TUG_LAZY_SETTER(CURLcode, curl_easy_getinfo, CURL*, CURLINFO)
TUG_LAZY_SETTER(CURLSHcode, curl_share_setopt, CURLSH*, CURLSHoption)
