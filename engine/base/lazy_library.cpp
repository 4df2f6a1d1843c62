// dlopen on first use, once per library.
#include "engine/base/lazy_library.hpp"

#include <dlfcn.h>

#include <mutex>

#include "engine/base/error.hpp"

namespace tug::lazy {

namespace {
std::mutex g_open_mutex;
}

void* LazyLibrary::handle() {
    std::lock_guard lock(g_open_mutex);
    if (handle_ == nullptr) {
        // RTLD_LOCAL: the library's own dependencies stay out of the global scope.
        handle_ = dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
        if (handle_ == nullptr) {
            const char* why = dlerror();
            throw Error(Errc::Unavailable, std::string("cannot load ") + soname_ + ": " +
                                               (why != nullptr ? why : "unknown error"));
        }
    }
    return handle_;
}

void* LazyLibrary::symbol(const char* symbol) {
    void* lib = handle();
    void* address = dlsym(lib, symbol);
    if (address == nullptr) {
        throw Error(Errc::Unavailable, std::string(soname_) + " has no " + symbol);
    }
    return address;
}

LazyLibrary& libcurl() {
    static LazyLibrary lib("libcurl.so.4");
    return lib;
}

LazyLibrary& libcrypto() {
    static LazyLibrary lib("libcrypto.so.3");
    return lib;
}

LazyLibrary& libssl() {
    static LazyLibrary lib("libssl.so.3");
    return lib;
}

LazyLibrary& libarchive() {
    static LazyLibrary lib("libarchive.so.13");
    return lib;
}

LazyLibrary& libisal() {
    static LazyLibrary lib("libisal.so.2");
    return lib;
}

LazyLibrary& libnl() {
    static LazyLibrary lib("libnl-3.so.200");
    return lib;
}

LazyLibrary& libnl_route() {
    static LazyLibrary lib("libnl-route-3.so.200");
    return lib;
}

}  // namespace tug::lazy
