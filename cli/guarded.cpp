#include "cli/guarded.hpp"

#include <iostream>

#include "cli/exit_code.hpp"
#include "engine/base/error.hpp"

namespace tug::cli {

int run_guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const Error& e) {
        std::cerr << "tug: " << e.message() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "tug: internal error: " << e.what() << "\n";
    }
    return kExitTugFailed;
}

}  // namespace tug::cli
