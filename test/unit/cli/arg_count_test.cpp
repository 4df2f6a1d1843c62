// Unit tests for positional argument counts: the ranges CLI11 declarations give, what a
// failed parse saw, and docker's wording (cli/required.go).
#include <algorithm>

#include <gtest/gtest.h>

#include "cli/arg_count.hpp"

using namespace tug::cli;

namespace {

// Parses argv with app and returns whether CLI11 gave up.
bool parse_fails(CLI::App& app, std::vector<std::string> args) {
    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first
    try {
        app.parse(args);
    } catch (const CLI::ParseError&) {
        return true;
    }
    return false;
}

}  // namespace

TEST(ArgCount, DeclaredRanges) {
    CLI::App none;
    none.add_flag("-a,--all");
    EXPECT_EQ(declared_args(none).min, 0u);
    EXPECT_EQ(declared_args(none).max, 0u);

    CLI::App one;
    std::string s;
    one.add_option("container", s)->required();
    EXPECT_EQ(declared_args(one).min, 1u);
    EXPECT_EQ(declared_args(one).max, 1u);

    CLI::App many;
    std::vector<std::string> v;
    many.add_option("containers", v)->required();
    EXPECT_EQ(declared_args(many).min, 1u);
    EXPECT_EQ(declared_args(many).max, kNoLimit);

    CLI::App optional;
    optional.add_option("file", s)->required();
    std::string ref;
    optional.add_option("reference", ref);
    EXPECT_EQ(declared_args(optional).min, 1u);
    EXPECT_EQ(declared_args(optional).max, 2u);

    CLI::App ranged;
    ranged.add_option("args", v)->required()->expected(2, -1);
    EXPECT_EQ(declared_args(ranged).min, 2u);
    EXPECT_EQ(declared_args(ranged).max, kNoLimit);
}

TEST(ArgCount, GivenArgsAfterAFailedParse) {
    CLI::App app;
    std::string a, b;
    app.add_option("network", a)->required();
    app.add_option("container", b)->required();
    ASSERT_TRUE(parse_fails(app, {"net"}));
    EXPECT_EQ(given_args(app), 1u);
    EXPECT_EQ(unknown_flag(app), "");

    CLI::App extra;
    extra.add_option("network", a)->required();
    ASSERT_TRUE(parse_fails(extra, {"x", "y", "-"}));
    EXPECT_EQ(given_args(extra), 3u) << "extras count, and a lone - is an argument";

    CLI::App flagged;
    flagged.add_option("network", a)->required();
    ASSERT_TRUE(parse_fails(flagged, {"--bogus=1"}));
    EXPECT_EQ(unknown_flag(flagged), "--bogus");
    EXPECT_EQ(given_args(flagged), 0u);
}

TEST(ArgCount, RequireArgs) {
    EXPECT_NO_THROW(require_args({"c", "true"}, {.min = 2}));
    EXPECT_THROW(require_args({"c"}, {.min = 2}), ArgCountError);
    EXPECT_THROW(require_args({"a", "b"}, {.min = 0, .max = 1}), ArgCountError);
    try {
        require_args({}, {.min = 1});
        ADD_FAILURE() << "no arguments were accepted";
    } catch (const ArgCountError& e) {
        EXPECT_EQ(e.range().min, 1u);
        EXPECT_EQ(e.range().max, kNoLimit);
    }
}

TEST(ArgCount, DockerWording) {
    EXPECT_EQ(arg_count_message("inspect", "[OPTIONS] NAME|ID [NAME|ID...]",
                                "Return low-level information on Docker objects", {.min = 1}),
              "\"tug inspect\" requires at least 1 argument.\n"
              "See 'tug inspect --help'.\n\n"
              "Usage:  tug inspect [OPTIONS] NAME|ID [NAME|ID...]\n\n"
              "Return low-level information on Docker objects");
    auto first_line = [](ArgRange r) {
        std::string m = arg_count_message("container exec", "", "s", r);
        return m.substr(0, m.find('\n'));
    };
    EXPECT_EQ(first_line({.min = 2}), "\"tug container exec\" requires at least 2 arguments.");
    EXPECT_EQ(first_line({.min = 2, .max = 2}),
              "\"tug container exec\" requires exactly 2 arguments.");
    EXPECT_EQ(first_line({.min = 0, .max = 1}),
              "\"tug container exec\" requires at most 1 argument.");
    EXPECT_EQ(first_line({.min = 1, .max = 2}),
              "\"tug container exec\" requires at least 1 and at most 2 arguments.");
    EXPECT_EQ(first_line({.min = 0, .max = 0}), "\"tug container exec\" accepts no arguments.");
    EXPECT_NE(arg_count_message("ps", "", "List containers", {0, 0}).find("\n\nUsage:  tug ps\n\n"),
              std::string::npos);
}

TEST(ArgCount, UnknownFlagsOfSubcommandsButNotOfPrefixCommands) {
    CLI::App root;
    std::string name;
    CLI::App* rm = root.add_subcommand("rm");
    rm->add_option("container", name)->required();
    ASSERT_TRUE(parse_fails(root, {"rm", "--bogus"}));
    EXPECT_EQ(unknown_flag(root), "--bogus");

    CLI::App root2;
    int timeout = 0;
    CLI::App* run = root2.add_subcommand("run");
    run->add_option("--stop-timeout", timeout);
    run->prefix_command();
    ASSERT_TRUE(parse_fails(root2, {"run", "--stop-timeout", "soon", "img", "sh", "-c", "true"}));
    EXPECT_EQ(unknown_flag(root2), "") << "-c belongs to the container's command";
}
