// tug::Error: the one error type of the codebase, with a class, an optional errno and a
// context chain ("pull x: fetch manifest: 401 unauthorized").
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace tug {

// What kind of failure this is. The CLI maps it to an exit code and serve-cri to a
// gRPC status, each in one place; nothing chooses a code by reading the message.
enum class Errc {
    NotFound,
    AlreadyExists,
    InvalidArgument,
    FailedPrecondition,
    Conflict,
    Unavailable,
    PermissionDenied,
    Unauthenticated,
    NotImplemented,
    DeadlineExceeded,
    Canceled,
    Internal,
    // The container's command could not be run (exit 126) or was not found (exit 127).
    CannotInvoke,
    CommandNotFound,
};

std::string_view errc_name(Errc code);

class Error : public std::exception {
public:
    Error(Errc code, std::string message, int sys_errno = 0);

    Errc code() const noexcept { return code_; }
    int sys_errno() const noexcept { return errno_; }
    const std::string& message() const noexcept { return message_; }
    const char* what() const noexcept override { return message_.c_str(); }

    // Prepends "context: " to the chain and returns *this, for rethrowing.
    Error& wrap(std::string_view context);

private:
    Errc code_;
    int errno_;
    std::string message_;
};

// An Error from the current errno: "<what>: <strerror>". The class follows the errno
// (ENOENT -> NotFound, EEXIST -> AlreadyExists, EACCES/EPERM -> PermissionDenied, ...).
Error sys_error(std::string_view what, int err);
Error sys_error(std::string_view what);  // uses errno

Errc errc_from_errno(int err);

// Runs fn; a tug::Error escaping it gets "context: " prepended.
template <typename Fn>
auto with_context(std::string_view context, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (Error& e) {
        e.wrap(context);
        throw;
    }
}

}  // namespace tug
