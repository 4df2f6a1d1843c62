// How many positional arguments a command takes, and docker's error (exit 1) when it gets
// too few or too many: `"tug inspect" requires at least 1 argument.` (cli/required.go).
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tug::cli {

inline constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);

// [min, max] positional arguments; max kNoLimit when there is no upper bound.
struct ArgRange {
    std::size_t min = 0;
    std::size_t max = kNoLimit;
    bool accepts(std::size_t n) const { return n >= min && n <= max; }
};

// Thrown by a command that reads its own arguments (run, create, exec, top: prefix
// commands, whose arguments CLI11 does not count); cli/app reports it as docker does.
class ArgCountError : public std::exception {
  public:
    explicit ArgCountError(ArgRange range) : range_(range) {}
    ArgRange range() const { return range_; }
    const char* what() const noexcept override { return "wrong number of arguments"; }

  private:
    ArgRange range_;
};

// Throws ArgCountError unless range accepts args.size().
void require_args(const std::vector<std::string>& args, ArgRange range);

// The range a command's CLI11 positionals declare: required ones count toward min, and a
// vector positional lifts the upper bound.
ArgRange declared_args(const CLI::App& app);

// After CLI11 gave up parsing app: the positional arguments it took plus the non-flag
// ones it did not expect (a lone "-" is stdin, an argument).
std::size_t given_args(const CLI::App& app);

// The first flag CLI11 did not know in app or its subcommands ("--bogus"), "" when none:
// docker reports it (exit 125) before any argument count, as its parser sees flags first.
std::string unknown_flag(const CLI::App& app);

// docker's message for a wrong count, from the command path the user typed ("container
// inspect"), its usage after the path and its summary; multi-line, no trailing newline.
std::string arg_count_message(const std::string& path, const std::string& usage,
                              const std::string& summary, ArgRange range);

}  // namespace tug::cli
