// Error class and command -> exit code, after docker's CLI.
#include "cli/exit_code.hpp"

namespace tug::cli {

namespace {

// docker's `run` and `exec` tell "cannot invoke" (126) and "not found" (127) apart from
// their other failures.
int invoke_code(Errc code, int otherwise) {
    switch (code) {
        case Errc::CannotInvoke:
            return 126;
        case Errc::CommandNotFound:
            return 127;
        default:
            return otherwise;
    }
}

}  // namespace

int exit_code_for(std::string_view command, Errc code, Stage stage) {
    // run.go: every failure to create or start the container is StatusError{125}; its
    // checks before creating ("Conflicting options: -a and -d") are plain errors.
    if (command == "container run")
        return stage == Stage::Checks ? kExitFailed : invoke_code(code, kExitTugFailed);
    // create.go: 125 for what parse() rejects; the daemon's errors are returned as is (1).
    if (command == "container create")
        return stage == Stage::Options ? kExitTugFailed : kExitFailed;
    // exec.go: the daemon's errors exit 1; an exec that cannot start its command 126/127.
    if (command == "container exec") return invoke_code(code, kExitFailed);
    // tug's own hidden tools (__monitor, __net-attach, __man) have no docker counterpart:
    // they keep "tug failed".
    if (command.starts_with("__")) return kExitTugFailed;
    // Every other docker command returns its error unwrapped, and docker's main exits 1.
    return kExitFailed;
}

int exit_code_for_template(std::string_view command) {
    for (std::string_view c : {"inspect", "container inspect", "image inspect", "network inspect",
                               "volume inspect", "info", "version"}) {
        if (command == c) return kExitTemplate;
    }
    return exit_code_for(command, Errc::InvalidArgument);
}

}  // namespace tug::cli
