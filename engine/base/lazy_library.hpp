// A shared library opened on first use. tug uses libcurl, libarchive, OpenSSL, ISA-L and
// libnl this way: together they pull in ~40 more libraries (TLS, Kerberos, LDAP, ICU,
// XML), and loading and relocating those cost every tug process milliseconds and every
// container monitor memory, while only the commands that move images or set up networks
// need them. Their functions are called through explicit tables of pointers resolved
// here (engine/lazy/*.hpp, cni/libnl.hpp); tug defines none of their symbols itself.
#pragma once

#include <atomic>
#include <string>

namespace tug::lazy {

class LazyLibrary {
public:
    explicit constexpr LazyLibrary(const char* soname) : soname_(soname) {}

    // The address of `symbol`, opening the library on the first call (thread-safe).
    // Throws tug::Error naming the library when it cannot be loaded or lacks the symbol.
    void* symbol(const char* symbol);
    // Opens the library now if it is not open yet; a failure is left for the first
    // symbol() to report. For a thread that loads libraries while others work.
    void preload() noexcept;

private:
    void* handle();

    const char* soname_;
    std::atomic<void*> handle_ = nullptr;  // read without the lock once set
};

LazyLibrary& libcurl();
LazyLibrary& libcrypto();
LazyLibrary& libssl();
LazyLibrary& libarchive();
LazyLibrary& libisal();
LazyLibrary& libnl();
LazyLibrary& libnl_route();

// The typed address of `name` in `lib`; F is the function's pointer type.
template <typename F>
F resolve(LazyLibrary& lib, const char* name) {
    return reinterpret_cast<F>(lib.symbol(name));
}

}  // namespace tug::lazy
