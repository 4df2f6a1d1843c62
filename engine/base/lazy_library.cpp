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
    // An open library is not made to wait for another one being opened.
    if (void* h = handle_.load(std::memory_order_acquire)) return h;
    std::lock_guard lock(g_open_mutex);
    if (void* h = handle_.load(std::memory_order_relaxed)) return h;
    // RTLD_LOCAL: the library's own dependencies stay out of the global scope.
    void* h = dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
        const char* why = dlerror();
        throw Error(Errc::Unavailable, std::string("cannot load ") + soname_ + ": " +
                                           (why != nullptr ? why : "unknown error"));
    }
    handle_.store(h, std::memory_order_release);
    return h;
}

void LazyLibrary::preload() noexcept {
    try {
        handle();
    } catch (const Error&) {
    }
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
