// tug completion bash, and the hidden tug __man: documentation generated from the
// command definitions.
#include "cli/docs.hpp"
#include "cli/registry.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

cli::Action setup_completion(CLI::App& app) {
    auto shell = std::make_shared<std::string>();
    app.add_option("shell", *shell, "Shell to generate the script for (bash)")->required();
    return [shell](cli::Context& ctx) {
        if (*shell != "bash") {
            throw Error(Errc::InvalidArgument, "unsupported shell \"" + *shell + "\": only bash");
        }
        ctx.out << cli::bash_completion(*ctx.root);
        return 0;
    };
}

cli::Action setup_man(CLI::App&) {
    return [](cli::Context& ctx) {
        ctx.out << cli::man_page(*ctx.root);
        return 0;
    };
}

const cli::Registrar completion{{.paths = {"completion"},
                                 .summary = "Generate the autocompletion script for the specified shell",
                                 .usage = "bash",
                                 .setup = setup_completion}};
const cli::Registrar man{{.paths = {"__man"},
                          .summary = "Print the man page",
                          .hidden = true,
                          .setup = setup_man}};

}  // namespace
}  // namespace tug::commands
