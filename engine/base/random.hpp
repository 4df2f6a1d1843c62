// Random bytes from the kernel, and docker's random object ids.
#pragma once

#include <cstddef>
#include <string>

namespace tug::base {

// Fills buf with len bytes from getrandom(2), blocking until the pool is initialised.
// Throws tug::Error when the kernel refuses.
void fill_random(void* buf, size_t len);

// A new 64-hex id as docker's stringid.GenerateRandomID makes them for containers,
// networks, volumes and execs: 32 random bytes, and never a 12-character short form of
// digits only (a script could read it as a number, and it is no valid hostname).
std::string random_id();

}  // namespace tug::base
