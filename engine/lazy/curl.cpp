// The CurlApi resolved by name from their libraries.
#include "engine/lazy/curl.hpp"

#include "engine/base/lazy_library.hpp"

namespace tug::engine::lazy {

const CurlApi& curl() {
    static const CurlApi api = [] {
        auto& lib = tug::lazy::libcurl();
        CurlApi t{};
// Each member is the function curl_<member>, looked up by that name.
#define TUG_RESOLVE(member) \
    t.member = tug::lazy::resolve<decltype(&::curl_##member)>(lib, "curl_" #member)
        TUG_RESOLVE(global_init);
        TUG_RESOLVE(easy_init);
        TUG_RESOLVE(easy_cleanup);
        TUG_RESOLVE(easy_reset);
        TUG_RESOLVE(easy_perform);
        TUG_RESOLVE(easy_setopt);
        TUG_RESOLVE(easy_getinfo);
        TUG_RESOLVE(easy_strerror);
        TUG_RESOLVE(free);
        TUG_RESOLVE(share_init);
        TUG_RESOLVE(share_cleanup);
        TUG_RESOLVE(share_setopt);
        TUG_RESOLVE(slist_append);
        TUG_RESOLVE(slist_free_all);
        TUG_RESOLVE(url);
        TUG_RESOLVE(url_cleanup);
        TUG_RESOLVE(url_get);
        TUG_RESOLVE(url_set);
#undef TUG_RESOLVE
        return t;
    }();
    return api;
}

}  // namespace tug::engine::lazy
