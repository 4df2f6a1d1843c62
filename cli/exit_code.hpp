// The one place where failures become process exit codes, command by command, after
// docker's CLI (the spec: install scripts test `$?`).
#pragma once

#include <string_view>

#include "engine/base/error.hpp"

namespace tug::cli {

// docker's codes: 125 tug itself failed (a flag it could not parse, a container `run` could
// not run), 126 the container's command cannot be invoked, 127 it was not found, 1 any
// other command's failure. A container's own status is returned by the command's action.
inline constexpr int kExitFailed = 1;
inline constexpr int kExitTugFailed = 125;
inline constexpr int kExitUsage = 125;    // a flag docker's parser rejects (FlagErrorFunc)
inline constexpr int kExitArgCount = 1;   // too few or too many arguments (cli/required.go)
inline constexpr int kExitTemplate = 64;  // a --format that does not parse, in inspect/info/version

// Where a command's error arose. docker's `create` and `run` reject what they cannot turn
// into a container config (Options) with 125; `run` returns its own checks between that
// and creating the container (Checks: -a with -d) as plain errors (1); the daemon's errors
// (Engine) make `create` exit 1 and `run` 125.
enum class Stage { Options, Checks, Engine };

// The exit code for an error of class `code` in `command`, its canonical path
// ("container run", "image ls", "__net-attach").
int exit_code_for(std::string_view command, Errc code, Stage stage = Stage::Engine);

// The exit code when a --format template does not parse in `command`: docker's inspect
// commands, info and version return 64 (EX_USAGE); its listings 1, as for any error.
int exit_code_for_template(std::string_view command);

// An error with the stage it arose in, thrown by the commands whose exit code depends on
// it (run, create); any other Error is of the Engine stage.
class StagedError : public Error {
  public:
    StagedError(const Error& e, Stage stage) : Error(e), stage_(stage) {}
    Stage stage() const { return stage_; }

  private:
    Stage stage_;
};

}  // namespace tug::cli
