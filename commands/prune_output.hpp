// docker's prune conversation, shared by the prune commands: the [y/N] confirmation and
// the "Deleted <Things>:" list with the reclaimed space.
#pragma once

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "cli/output/human.hpp"

namespace tug::commands {

// Prints warning (its lines, each ending in "\n") and docker's question; true when the
// answer read from stdin is y or yes.
inline bool confirm_prune(std::ostream& out, const std::string& warning) {
    out << warning << "Are you sure you want to continue? [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes" || answer == "YES";
}

// "Deleted <heading>:" and one line per item (nothing when empty), then the total.
inline void print_pruned(std::ostream& out, const std::string& heading, const std::vector<std::string>& items,
                         int64_t reclaimed) {
    if (!items.empty()) {
        out << "Deleted " << heading << ":\n";
        for (const auto& i : items) out << i << "\n";
        out << "\n";
    }
    out << "Total reclaimed space: " << cli::output::human_size(reclaimed) << "\n";
}

}  // namespace tug::commands
