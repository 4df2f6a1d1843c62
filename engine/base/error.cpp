// tug::Error construction and errno classification.
#include "engine/base/error.hpp"

#include <cerrno>
#include <cstring>

namespace tug {

std::string_view errc_name(Errc code) {
    switch (code) {
        case Errc::NotFound: return "not found";
        case Errc::AlreadyExists: return "already exists";
        case Errc::InvalidArgument: return "invalid argument";
        case Errc::FailedPrecondition: return "failed precondition";
        case Errc::Conflict: return "conflict";
        case Errc::Unavailable: return "unavailable";
        case Errc::PermissionDenied: return "permission denied";
        case Errc::Unauthenticated: return "unauthenticated";
        case Errc::NotImplemented: return "not implemented";
        case Errc::DeadlineExceeded: return "deadline exceeded";
        case Errc::Canceled: return "canceled";
        case Errc::Internal: return "internal";
        case Errc::CannotInvoke: return "cannot invoke";
        case Errc::CommandNotFound: return "command not found";
    }
    return "unknown";
}

Error::Error(Errc code, std::string message, int sys_errno)
    : code_(code), errno_(sys_errno), message_(std::move(message)) {}

Error& Error::wrap(std::string_view context) {
    if (!context.empty()) message_ = std::string(context) + ": " + message_;
    return *this;
}

Errc errc_from_errno(int err) {
    switch (err) {
        case ENOENT:
        case ESRCH: return Errc::NotFound;
        case EEXIST:
        case ENOTEMPTY: return Errc::AlreadyExists;
        case EACCES:
        case EPERM:
        case EROFS: return Errc::PermissionDenied;
        case EINVAL:
        case ENAMETOOLONG:
        case ELOOP:
        case EXDEV: return Errc::InvalidArgument;
        case EBUSY:
        case EAGAIN: return Errc::Conflict;
        case ETIMEDOUT: return Errc::DeadlineExceeded;
        case ECONNREFUSED:
        case ECONNRESET:
        case EHOSTUNREACH:
        case ENETUNREACH: return Errc::Unavailable;
        case ENOSYS:
        case EOPNOTSUPP: return Errc::NotImplemented;
        default: return Errc::Internal;
    }
}

Error sys_error(std::string_view what, int err) {
    std::string msg(what);
    msg += ": ";
    msg += std::strerror(err);
    // strerror capitalises ("No such file or directory"); tug's messages are lower-case.
    const auto colon = msg.size() - std::strlen(std::strerror(err));
    if (colon < msg.size() && msg[colon] >= 'A' && msg[colon] <= 'Z') msg[colon] += 'a' - 'A';
    return Error(errc_from_errno(err), std::move(msg), err);
}

Error sys_error(std::string_view what) { return sys_error(what, errno); }

}  // namespace tug
