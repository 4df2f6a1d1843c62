// The command registry: every command file registers a CommandSpec at static
// initialisation; cli/main builds the CLI11 tree from it. Hidden commands supported.
//
// A command file (commands/<group>_<verb>.cpp) looks like:
//
//   namespace {
//   struct Flags { bool all = false; std::string format; };
//   cli::Action setup(CLI::App& app) {
//       auto f = std::make_shared<Flags>();
//       app.add_flag("-a,--all", f->all, "Show all containers");
//       return [f](cli::Context& ctx) { ... return 0; };  // the exit code
//   }
//   const cli::Registrar reg{{.paths = {"container ls", "container ps", "ps"},
//                             .summary = "List containers",
//                             .usage = "[OPTIONS]",
//                             .setup = setup}};
//   }  // namespace
//
// For commands whose trailing arguments belong to the container (run, exec, create),
// call app.prefix_command() so that flags after the image are passed through, as docker.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/api/config.hpp"

namespace tug::cli {

// Everything a command's action gets: the resolved global configuration and where to
// write.
struct Context {
    engine::EngineConfig config;
    std::string config_file;  // the tug.toml in effect ("" when none was read)
    std::ostream& out;
    std::ostream& err;
    bool stdin_is_tty = false;
    bool stdout_is_tty = false;
    // The whole command tree, for commands that describe the CLI itself (completion).
    const CLI::App* root = nullptr;
};

// Runs after parsing; returns the process exit code. Throws tug::Error on failure.
using Action = std::function<int(Context&)>;

struct CommandSpec {
    // Space-separated command paths; the first is canonical, the rest are aliases that
    // behave identically ({"container ls", "container ps", "container list", "ps"}).
    std::vector<std::string> paths;
    std::string summary;
    std::string usage;  // after the command path: "[OPTIONS] IMAGE [COMMAND] [ARG...]"
    bool hidden = false;
    std::function<Action(CLI::App&)> setup;
    // For a hidden entry that tug spawns itself with a fixed argv (the monitor): when
    // argv[1] is this command, run_main calls `direct` with the arguments after it, before
    // building the command tree or reading tug.toml, so the process starts lean.
    std::function<int(const std::vector<std::string>& args)> direct;
};

// A management command group ("image", "container", ...), listed under
// "Management Commands" in `tug --help`.
struct GroupSpec {
    std::string name;
    std::string summary;
};

class Registry {
public:
    static Registry& instance();
    void add(CommandSpec spec) { commands_.push_back(std::move(spec)); }
    void add_group(GroupSpec group) { groups_.push_back(std::move(group)); }
    const std::vector<CommandSpec>& commands() const { return commands_; }
    const std::vector<GroupSpec>& groups() const { return groups_; }

private:
    std::vector<CommandSpec> commands_;
    std::vector<GroupSpec> groups_;
};

struct Registrar {
    explicit Registrar(CommandSpec spec) { Registry::instance().add(std::move(spec)); }
};

struct GroupRegistrar {
    explicit GroupRegistrar(GroupSpec group) { Registry::instance().add_group(std::move(group)); }
};

}  // namespace tug::cli
