// ISA-L's inflate functions, called through a table resolved from libisal.so.2 on first
// use: only pull and load decompress layers, so a container's monitor never maps libisal
// (its tables dirty ~70 kB on load).
#pragma once

#include <isa-l/igzip_lib.h>

namespace tug::engine::lazy {

// Member m is isal_m.
struct IsalApi {
    decltype(&::isal_inflate_init) inflate_init;
    decltype(&::isal_inflate_reset) inflate_reset;
    decltype(&::isal_inflate) inflate;
};

// The table, resolved on the first call (thread-safe: callers wait for the one resolving).
// Throws tug::Error (Unavailable) naming the library or symbol that is missing; a later
// call tries again.
const IsalApi& isal();

}  // namespace tug::engine::lazy
