// Printing per-container results the way docker's stop/kill/rm do: each name on
// stdout, each failure on stderr, exit 1 when any failed.
#pragma once

#include <ostream>
#include <vector>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {

inline int print_results(std::ostream& out, std::ostream& err,
                         const std::vector<engine::PerContainerResult>& results) {
    int rc = 0;
    for (const auto& r : results) {
        if (r.error) {
            err << "Error response from daemon: " << *r.error << "\n";
            rc = 1;
        } else {
            out << r.container << "\n";
        }
    }
    return rc;
}

// One engine call for a command docker answers with its daemon's error and exit 1
// (rename, network connect, ...), rather than tug's own 125.
template <typename Call>
int daemon_call(std::ostream& err, Call&& call) {
    try {
        call();
    } catch (const Error& e) {
        err << "Error response from daemon: " << e.message() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace tug::commands
