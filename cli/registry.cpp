// The process-wide command registry.
#include "cli/registry.hpp"

namespace tug::cli {

Registry& Registry::instance() {
    static Registry registry;
    return registry;
}

}  // namespace tug::cli
