// Direct dispatch of hidden internal entries: no CLI11 tree, no tug.toml.
#include "cli/direct_entry.hpp"

#include <string>
#include <vector>

#include "cli/guarded.hpp"
#include "cli/registry.hpp"

namespace tug::cli {

std::optional<int> run_direct_entry(int argc, char** argv) {
    if (argc < 2) return std::nullopt;
    const std::string name = argv[1];
    for (const CommandSpec& spec : Registry::instance().commands()) {
        if (!spec.direct || spec.paths.front() != name) continue;
        return run_guarded([&] { return spec.direct(std::vector<std::string>(argv + 2, argv + argc)); });
    }
    return std::nullopt;
}

}  // namespace tug::cli
