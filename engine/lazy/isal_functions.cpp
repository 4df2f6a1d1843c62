// The ISA-L inflate functions, resolved on first use: only pull and load decompress
// layers, so a container's monitor never maps libisal (its tables dirty ~70 kB on load).
#include <isa-l/igzip_lib.h>

#include "engine/base/lazy_library.hpp"

TUG_LAZY_FUNCTION(libisal, void, isal_inflate_init, (struct inflate_state * state), (state))
TUG_LAZY_FUNCTION(libisal, void, isal_inflate_reset, (struct inflate_state * state), (state))
TUG_LAZY_FUNCTION(libisal, int, isal_inflate, (struct inflate_state * state), (state))
