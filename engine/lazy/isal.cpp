// The IsalApi resolved by name from their libraries.
#include "engine/lazy/isal.hpp"

#include "engine/base/lazy_library.hpp"

namespace tug::engine::lazy {

const IsalApi& isal() {
    static const IsalApi api = [] {
        auto& lib = tug::lazy::libisal();
        IsalApi t{};
// Each member is the function isal_<member>, looked up by that name.
#define TUG_RESOLVE(member) \
    t.member = tug::lazy::resolve<decltype(&::isal_##member)>(lib, "isal_" #member)
        TUG_RESOLVE(inflate_init);
        TUG_RESOLVE(inflate_reset);
        TUG_RESOLVE(inflate);
#undef TUG_RESOLVE
        return t;
    }();
    return api;
}

}  // namespace tug::engine::lazy
