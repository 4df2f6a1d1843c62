// Printing per-container results the way docker's stop/kill/rm do: each name on
// stdout, each failure on stderr, exit 1 when any failed.
#pragma once

#include <ostream>
#include <vector>

#include "engine/api/container.hpp"

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

}  // namespace tug::commands
