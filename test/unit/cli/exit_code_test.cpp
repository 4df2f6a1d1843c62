// Unit tests for the per-command exit codes: docker's run/create/exec rules, 1 elsewhere.
#include <gtest/gtest.h>

#include "cli/exit_code.hpp"

using namespace tug;
using namespace tug::cli;

TEST(ExitCode, RunFailsWith125ButKeepsInvokeCodes) {
    EXPECT_EQ(exit_code_for("container run", Errc::NotFound), 125);
    EXPECT_EQ(exit_code_for("container run", Errc::Conflict), 125);
    EXPECT_EQ(exit_code_for("container run", Errc::InvalidArgument, Stage::Options), 125);
    EXPECT_EQ(exit_code_for("container run", Errc::Internal), 125);
    EXPECT_EQ(exit_code_for("container run", Errc::CannotInvoke), 126);
    EXPECT_EQ(exit_code_for("container run", Errc::CommandNotFound), 127);
    // run.go returns "Conflicting options: -a and -d" unwrapped: docker exits 1.
    EXPECT_EQ(exit_code_for("container run", Errc::InvalidArgument, Stage::Checks), 1);
}

TEST(ExitCode, CreateSplitsItsOwnOptionsFromTheEngine) {
    // docker create: parse() errors are StatusError{125}; "No such image" or a name
    // conflict comes back from the daemon and exits 1.
    EXPECT_EQ(exit_code_for("container create", Errc::InvalidArgument, Stage::Options), 125);
    EXPECT_EQ(exit_code_for("container create", Errc::NotFound, Stage::Options), 125);
    EXPECT_EQ(exit_code_for("container create", Errc::NotFound), 1);
    EXPECT_EQ(exit_code_for("container create", Errc::Conflict), 1);
}

TEST(ExitCode, ExecExitsOneUnlessTheCommandCannotStart) {
    EXPECT_EQ(exit_code_for("container exec", Errc::FailedPrecondition), 1);
    EXPECT_EQ(exit_code_for("container exec", Errc::CannotInvoke), 126);
    EXPECT_EQ(exit_code_for("container exec", Errc::CommandNotFound), 127);
}

TEST(ExitCode, OtherCommandsExitOne) {
    for (const char* command :
         {"container rm", "container stop", "container start", "network create", "volume create",
          "container ls", "image import", "inspect", "image pull", "image load", "info"}) {
        for (Errc code : {Errc::NotFound, Errc::AlreadyExists, Errc::InvalidArgument,
                          Errc::Unavailable, Errc::Internal, Errc::CannotInvoke}) {
            EXPECT_EQ(exit_code_for(command, code), 1) << command << " " << errc_name(code);
        }
    }
}

TEST(ExitCode, HiddenToolsKeepTugFailed) {
    EXPECT_EQ(exit_code_for("__net-attach", Errc::Conflict), 125);
    EXPECT_EQ(exit_code_for("__monitor", Errc::Internal), 125);
}

TEST(ExitCode, TemplateParseErrors) {
    // docker: inspect.Inspect, info and version return StatusError{64}; listings' formatter
    // returns a plain error (1).
    for (const char* command : {"inspect", "container inspect", "image inspect", "network inspect",
                                "volume inspect", "info", "version"}) {
        EXPECT_EQ(exit_code_for_template(command), 64) << command;
    }
    EXPECT_EQ(exit_code_for_template("container ls"), 1);
    EXPECT_EQ(exit_code_for_template("image ls"), 1);
}
