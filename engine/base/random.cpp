// getrandom(2) and random hex ids.
#include "engine/base/random.hpp"

#include <sys/random.h>

#include <cerrno>

#include "engine/base/error.hpp"

namespace tug::base {

void fill_random(void* buf, size_t len) {
    auto* p = static_cast<unsigned char*>(buf);
    size_t got = 0;
    while (got < len) {
        ssize_t n = ::getrandom(p + got, len - got, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw sys_error("getrandom");
        }
        got += static_cast<size_t>(n);
    }
}

std::string random_id() {
    static const char hex[] = "0123456789abcdef";
    for (;;) {
        unsigned char bytes[32];
        fill_random(bytes, sizeof bytes);
        std::string id;
        id.reserve(2 * sizeof bytes);
        for (unsigned char b : bytes) {
            id += hex[b >> 4];
            id += hex[b & 15];
        }
        bool digits_only = true;
        for (size_t i = 0; i < 12; ++i)
            digits_only = digits_only && id[i] <= '9';
        if (!digits_only) return id;
    }
}

}  // namespace tug::base
