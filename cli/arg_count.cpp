// Positional argument counts: what commands declare, what the user gave, docker's wording.
#include "cli/arg_count.hpp"

namespace tug::cli {

namespace {

std::vector<const CLI::Option*> positionals(const CLI::App& app) {
    return app.get_options([](const CLI::Option* o) { return o->get_positional(); });
}

std::string arguments(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " argument" : " arguments");
}

bool is_flag(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-';
}

}  // namespace

void require_args(const std::vector<std::string>& args, ArgRange range) {
    if (!range.accepts(args.size())) throw ArgCountError(range);
}

ArgRange declared_args(const CLI::App& app) {
    ArgRange r{0, 0};
    for (const CLI::Option* o : positionals(app)) {
        const auto lo = static_cast<std::size_t>(std::max(o->get_items_expected_min(), 0));
        const auto hi = static_cast<std::size_t>(std::max(o->get_items_expected_max(), 0));
        if (o->get_required()) r.min += lo;
        // CLI11 marks "as many as given" with its vector bound, not a sentinel of its own.
        if (hi >= static_cast<std::size_t>(CLI::detail::expected_max_vector_size) ||
            r.max == kNoLimit)
            r.max = kNoLimit;
        else
            r.max += hi;
    }
    return r;
}

std::size_t given_args(const CLI::App& app) {
    std::size_t n = 0;
    for (const CLI::Option* o : positionals(app))
        n += o->count();
    for (const auto& arg : app.remaining())
        n += is_flag(arg) ? 0 : 1;
    return n;
}

std::string unknown_flag(const CLI::App& app) {
    // A prefix command's (run's) leftovers are its image and the container's command,
    // whose flags are not tug's.
    if (!app.get_prefix_command())
        for (const auto& arg : app.remaining())
            if (is_flag(arg)) return arg.substr(0, arg.find('='));
    for (const CLI::App* sub : app.get_subcommands())
        if (auto flag = unknown_flag(*sub); !flag.empty()) return flag;
    return "";
}

std::string arg_count_message(const std::string& path, const std::string& usage,
                              const std::string& summary, ArgRange range) {
    const std::string cmd = "tug " + path;
    std::string what;
    if (range.max == 0)
        what = "accepts no arguments";
    else if (range.min == range.max)
        what = "requires exactly " + arguments(range.min);
    else if (range.max == kNoLimit)
        what = "requires at least " + arguments(range.min);
    else if (range.min == 0)
        what = "requires at most " + arguments(range.max);
    else  // docker pluralizes by the upper bound: "at least 1 and at most 2 arguments"
        what = "requires at least " + std::to_string(range.min) + " and at most " +
               arguments(range.max);
    return "\"" + cmd + "\" " + what + ".\nSee '" + cmd + " --help'.\n\nUsage:  " + cmd +
           (usage.empty() ? "" : " " + usage) + "\n\n" + summary;
}

}  // namespace tug::cli
