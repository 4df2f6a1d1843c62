// Command tree construction, parsing, dispatch, and error reporting.
#include "cli/app.hpp"

#include <unistd.h>

#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/arg_count.hpp"
#include "cli/direct_entry.hpp"
#include "cli/exit_code.hpp"
#include "cli/global_options.hpp"
#include "cli/guarded.hpp"
#include "cli/help.hpp"
#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/base/error.hpp"
#include "engine/base/log.hpp"

namespace tug::cli {

namespace {

struct Leaf {
    Action action;
    const CommandSpec* spec = nullptr;
    std::string path;
};

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> words;
    std::istringstream is(path);
    for (std::string w; is >> w;) words.push_back(w);
    return words;
}

// The subcommand chain the parser entered, and its path ("container run").
CLI::App* deepest(CLI::App* app, std::string& path) {
    for (;;) {
        auto subs = app->get_subcommands();
        if (subs.empty()) return app;
        app = subs.front();
        path += (path.empty() ? "" : " ") + app->get_name();
    }
}

class CommandTree {
public:
    // words: the command line's words that are not flags. A command whose last word is
    // not among them cannot be the one the parser selects (names match exactly), so its
    // options are not built: setting up every command's flags was most of a start-up.
    // The commands that describe the whole CLI (completion, man page) get everything.
    CommandTree(CLI::App& root, const std::set<std::string>& words) : root_(root) {
        const bool everything = words.count("completion") || words.count("__man");
        for (const auto& g : Registry::instance().groups()) {
            group_app(g.name)->description(g.summary);
        }
        for (const auto& spec : Registry::instance().commands()) {
            for (const auto& path : spec.paths) {
                const auto last = split_path(path).back();
                add(spec, path, everything || words.count(last) > 0);
            }
        }
    }

    const Leaf* leaf(CLI::App* app) const {
        auto it = leaves_.find(app);
        return it == leaves_.end() ? nullptr : &it->second;
    }

private:
    CLI::App* group_app(const std::string& name) {
        if (auto* existing = find(&root_, name)) return existing;
        auto* app = root_.add_subcommand(name, "");
        app->set_help_flag("-h,--help", "Print usage");
        app->group("Commands");
        return app;
    }

    static CLI::App* find(CLI::App* parent, const std::string& name) {
        for (auto* sub : parent->get_subcommands([](const CLI::App*) { return true; })) {
            if (sub->get_name() == name) return sub;
        }
        return nullptr;
    }

    void add(const CommandSpec& spec, const std::string& path, bool with_options) {
        auto words = split_path(path);
        CLI::App* parent = &root_;
        for (size_t i = 0; i + 1 < words.size(); ++i) parent = group_app(words[i]);
        CLI::App* app = parent->add_subcommand(words.back(), spec.summary);
        app->set_help_flag("-h,--help", "Print usage");
        app->group(spec.hidden ? "" : "Commands");
        if (with_options) leaves_[app] = Leaf{spec.setup(*app), &spec, path};
    }

    CLI::App& root_;
    std::map<const CLI::App*, Leaf> leaves_;
};

void print_help(std::ostream& out, CLI::App& root, CLI::App* app, const std::string& path,
                const CommandTree& tree) {
    if (app == &root) {
        out << top_level_help(root);
        return;
    }
    const Leaf* leaf = tree.leaf(app);
    out << command_help(*app, path, leaf ? leaf->spec->usage : "",
                        leaf ? leaf->spec->paths : std::vector<std::string>{});
}

std::string usage_message(const CLI::ParseError& e, bool top_level) {
    std::string msg = e.what();
    // CLI11 reports unknown flags as "The following arguments were not expected: --x";
    // docker says "unknown flag: --x".
    const std::string extras = "The following argument was not expected: ";
    const std::string extras_pl = "The following arguments were not expected: ";
    for (const auto& prefix : {extras, extras_pl}) {
        if (msg.rfind(prefix, 0) == 0) {
            std::string rest = msg.substr(prefix.size());
            if (!rest.empty() && rest[0] == '-') return "unknown flag: " + rest.substr(0, rest.find(' '));
            if (top_level) return "'" + rest.substr(0, rest.find(' ')) + "' is not a tug command.";
            return "unexpected argument: " + rest;
        }
    }
    return msg;
}

bool is_extras(const CLI::ParseError& e) {
    return dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
}

// Too few or too many positional arguments for app, and no unknown flag anywhere (docker
// parses flags first: `tug stop -t x` is a flag error even without a container).
bool is_arg_count_error(const CLI::ParseError& e, const CLI::App& root, const CLI::App& app) {
    const bool counting = is_extras(e) || dynamic_cast<const CLI::RequiredError*>(&e) ||
                          dynamic_cast<const CLI::ArgumentMismatch*>(&e);
    return counting && unknown_flag(root).empty() && !declared_args(app).accepts(given_args(app));
}

// docker prints these bare, without its "docker: " prefix: they name the command already.
void report_arg_count(const std::string& path, const CommandSpec& spec, ArgRange range) {
    std::cerr << arg_count_message(path, spec.usage, spec.summary, range) << "\n";
}

// An engine error as docker's CLI prints what its daemon refused, a missing or busy
// object: "Error response from daemon: ...", with "tug: " before it for run and create
// (docker's "docker: "). Other errors, and a failed system call (a file `load -i` cannot
// open, which docker's CLI reports itself), keep tug's own prefix.
std::string engine_error_line(const std::string& command, const Error& e) {
    const bool refused =
        e.sys_errno() == 0 &&
        (e.code() == Errc::NotFound || e.code() == Errc::Conflict || e.code() == Errc::FailedPrecondition);
    if (!refused) return "tug: " + e.message();
    const bool run_like = command == "container run" || command == "container create";
    return std::string(run_like ? "tug: " : "") + "Error response from daemon: " + e.message();
}

}  // namespace

int run_main(int argc, char** argv) {
    if (auto code = run_direct_entry(argc, argv)) return *code;
    CLI::App root("A daemonless, Docker-compatible container engine", "tug");
    root.set_help_flag("-h,--help", "Print usage");
    bool show_version = false;
    root.add_flag("-v,--version", show_version, "Print version information and quit");
    GlobalFlags flags;
    add_global_flags(root, flags);
    std::set<std::string> words;
    for (int i = 1; i < argc; ++i)
        if (argv[i][0] != '-') words.insert(argv[i]);
    CommandTree tree(root, words);

    try {
        root.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::string path;
        CLI::App* app = deepest(&root, path);
        print_help(std::cout, root, app, path, tree);
        return 0;
    } catch (const CLI::ParseError& e) {
        std::string path;
        CLI::App* app = deepest(&root, path);
        if (const Leaf* leaf = tree.leaf(app); leaf && is_arg_count_error(e, root, *app)) {
            report_arg_count(path, *leaf->spec, declared_args(*app));
            return kExitArgCount;
        }
        // An unknown flag is reported first, whatever else CLI11 stopped at.
        const std::string flag = unknown_flag(root);
        const std::string what =
            flag.empty() ? usage_message(e, path.empty()) : "unknown flag: " + flag;
        std::cerr << "tug: " << what << "\n";
        std::cerr << "See 'tug" << (path.empty() ? "" : " " + path) << " --help'.\n";
        // docker's parser rejects a flag with 125 (FlagErrorFunc); an unknown command or a
        // group given an argument is an ordinary error there (exit 1).
        return !flag.empty() || !is_extras(e) ? kExitUsage : kExitFailed;
    }

    std::string path;
    CLI::App* app = deepest(&root, path);
    const Leaf* leaf = tree.leaf(app);
    if (show_version && !leaf) {
        std::cout << "tug version " << TUG_VERSION << "\n";
        return 0;
    }
    if (!leaf) {
        // A bare group ("tug image") or no command at all prints help, as docker does.
        print_help(std::cout, root, app, path, tree);
        return 0;
    }

    // A bad tug.toml fails tug itself before any command runs.
    ResolvedConfig resolved;
    if (int rc = run_guarded([&] {
            resolved = resolve_config(flags);
            return 0;
        })) {
        return rc;
    }
    const std::string& command = leaf->spec->paths.front();
    try {
        if (resolved.engine.debug) {
            base::set_log_sink(
                [](base::LogLevel level, std::string_view msg) {
                    std::cerr << (level == base::LogLevel::Debug ? "DEBU " : "WARN ") << msg << "\n";
                },
                base::LogLevel::Debug);
        } else {
            base::set_log_sink(
                [](base::LogLevel, std::string_view msg) { std::cerr << "WARNING: " << msg << "\n"; },
                base::LogLevel::Warning);
        }
        Context ctx{resolved.engine, resolved.config_file, std::cout, std::cerr,
                    static_cast<bool>(::isatty(0)), static_cast<bool>(::isatty(1)), &root};
        int rc = leaf->action(ctx);
        std::cout.flush();
        return rc;
    } catch (const ArgCountError& e) {
        std::cout.flush();
        report_arg_count(path, *leaf->spec, e.range());
        return kExitArgCount;
    } catch (const output::TemplateParseError& e) {
        std::cout.flush();
        std::cerr << "tug: " << e.message() << "\n";
        return exit_code_for_template(command);
    } catch (const StagedError& e) {
        std::cout.flush();
        std::cerr << "tug: " << e.message() << "\n";
        return exit_code_for(command, e.code(), e.stage());
    } catch (const Error& e) {
        std::cout.flush();
        std::cerr << engine_error_line(command, e) << "\n";
        return exit_code_for(command, e.code());
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "tug: internal error: " << e.what() << "\n";
        return exit_code_for(command, Errc::Internal);
    }
}

}  // namespace tug::cli
