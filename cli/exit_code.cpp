// Error class -> exit code.
#include "cli/exit_code.hpp"

namespace tug::cli {

int exit_code_for(Errc code) {
    switch (code) {
        case Errc::CannotInvoke: return 126;
        case Errc::CommandNotFound: return 127;
        default: return kExitTugFailed;
    }
}

}  // namespace tug::cli
