// Unit tests for the resource owners in engine/base.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/base/file_lock.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/base/temp_dir.hpp"
#include "engine/base/unique_fd.hpp"

namespace fs = std::filesystem;
using namespace tug;
using namespace tug::base;

namespace {

bool fd_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFd, ClosesOnDestructionAndMove) {
    int raw;
    {
        UniqueFd fd = open_fd("/dev/null", O_RDONLY);
        raw = fd.get();
        ASSERT_TRUE(fd_open(raw));
        EXPECT_TRUE(::fcntl(raw, F_GETFD) & FD_CLOEXEC);
        UniqueFd moved = std::move(fd);
        EXPECT_FALSE(fd.valid());
        EXPECT_EQ(moved.get(), raw);
    }
    EXPECT_FALSE(fd_open(raw));
}

TEST(UniqueFd, OpenMissingFileIsNotFound) {
    try {
        open_fd("/nonexistent/tug-test", O_RDONLY);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::NotFound);
        EXPECT_EQ(e.message(), "open /nonexistent/tug-test: no such file or directory");
    }
}

TEST(Error, WrapBuildsAChain) {
    Error e(Errc::Unauthenticated, "401 unauthorized");
    e.wrap("fetch manifest").wrap("pull docker.io/library/alpine:3.20");
    EXPECT_EQ(e.message(), "pull docker.io/library/alpine:3.20: fetch manifest: 401 unauthorized");
    EXPECT_EQ(e.code(), Errc::Unauthenticated);
}

TEST(Error, WithContextPrefixesOnlyOnFailure) {
    EXPECT_EQ(with_context("step", [] { return 7; }), 7);
    try {
        with_context("create container x", [] { throw Error(Errc::Conflict, "name in use"); });
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.message(), "create container x: name in use");
    }
}

TEST(ChildProcess, CapturesOutputAndExitCode) {
    auto res = run_capture({"/bin/sh", "-c", "cat; echo err >&2; exit 3"}, {}, "hello");
    EXPECT_EQ(res.exit_code, 3);
    EXPECT_EQ(res.out, "hello");
    EXPECT_EQ(res.err, "err\n");
}

TEST(ChildProcess, LargeInputAndOutputDoNotDeadlock) {
    std::string big(1 << 20, 'x');
    auto res = run_capture({"/bin/cat"}, {}, big);
    EXPECT_EQ(res.exit_code, 0);
    EXPECT_EQ(res.out.size(), big.size());
}

TEST(ChildProcess, MissingProgramIsCommandNotFound) {
    try {
        spawn({.argv = {"/nonexistent/prog"}});
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::CommandNotFound);
    }
}

TEST(ChildProcess, PathSearchSkipsWhatIsNotAnExecutableFile) {
    // The search path: a directory named like the program, a file of that name without
    // x, then the real one: the search passes over both, as execvp does.
    TempDir tmp("/tmp", "tug-path-test-");
    fs::create_directories(tmp.path() + "/a/tug-probe-prog");
    fs::create_directories(tmp.path() + "/b");
    fs::create_directories(tmp.path() + "/c");
    atomic_write_file(tmp.path() + "/b/tug-probe-prog", "#!/bin/sh\necho wrong\n");
    atomic_write_file(tmp.path() + "/c/tug-probe-prog", "#!/bin/sh\necho found\n");
    ::chmod((tmp.path() + "/c/tug-probe-prog").c_str(), 0755);
    ChildEnv child;
    child.search_path = {tmp.path() + "/a", tmp.path() + "/b", tmp.path() + "/c", "/usr/bin",
                         "/bin"};
    CaptureResult r = run_capture({"tug-probe-prog"}, child);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "found\n");
    try {
        spawn({.argv = {"tug-no-such-program"}});
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::CommandNotFound);
    }
}

// A child gets the environment it is given, nothing of this process's.
TEST(ChildProcess, EnvironmentIsOnlyWhatIsGiven) {
    ::setenv("TUG_TEST_LEAK", "1", 1);
    ChildEnv child;
    child.env = {"ONLY=this"};
    auto res = run_capture({"/usr/bin/env"}, child);
    ::unsetenv("TUG_TEST_LEAK");
    EXPECT_EQ(res.out, "ONLY=this\n");
    // A program named without a '/' is looked up in the search path given, not in PATH.
    child.search_path = {"/nonexistent"};
    EXPECT_THROW(run_capture({"env"}, child), Error);
}

TEST(ChildProcess, TimeoutKillsTheChild) {
    try {
        run_capture({"/bin/sleep", "10"}, {}, {}, std::chrono::milliseconds(100));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::DeadlineExceeded);
    }
}

TEST(ChildProcess, UnwaitedChildIsKilledAndReaped) {
    pid_t pid;
    {
        ChildProcess child = spawn({.argv = {"/bin/sleep", "10"}});
        pid = child.pid();
    }
    // Reaped: the pid no longer names a child of ours.
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}

TEST(ChildProcess, SignalledExitIsShellStyle) {
    auto res = run_capture({"/bin/sh", "-c", "kill -TERM $$"}, {});
    EXPECT_EQ(res.exit_code, 128 + SIGTERM);
}

TEST(TempDir, RemovedUnlessReleased) {
    std::string kept;
    std::string removed;
    {
        TempDir a(fs::temp_directory_path().string());
        TempDir b(fs::temp_directory_path().string());
        atomic_write_file(a.path() + "/f", "x");
        removed = a.path();
        kept = b.release();
    }
    EXPECT_FALSE(fs::exists(removed));
    EXPECT_TRUE(fs::exists(kept));
    fs::remove_all(kept);
}

TEST(Fs, AtomicWriteReplacesAndLeavesNoTemp) {
    TempDir dir(fs::temp_directory_path().string());
    const std::string path = dir.path() + "/config.json";
    atomic_write_file(path, "one", 0600);
    atomic_write_file(path, "two", 0600);
    EXPECT_EQ(read_file(path), "two");
    struct stat st{};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    int entries = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(dir.path())) ++entries;
    EXPECT_EQ(entries, 1);
    EXPECT_FALSE(read_file_if_exists(dir.path() + "/missing").has_value());
}

TEST(FileLock, ExclusiveLockExcludesOtherProcesses) {
    TempDir dir(fs::temp_directory_path().string());
    const std::string path = dir.path() + "/lock";
    FileLock held = FileLock::acquire(path);
    ASSERT_TRUE(held.held());
    pid_t pid = ::fork();
    if (pid == 0) {
        FileLock other = FileLock::try_acquire(path);
        ::_exit(other.held() ? 1 : 0);
    }
    int st;
    ::waitpid(pid, &st, 0);
    EXPECT_EQ(WEXITSTATUS(st), 0) << "another process got a lock that was held";
    held.release();
    pid = ::fork();
    if (pid == 0) {
        FileLock other = FileLock::try_acquire(path);
        ::_exit(other.held() ? 0 : 1);
    }
    ::waitpid(pid, &st, 0);
    EXPECT_EQ(WEXITSTATUS(st), 0) << "a released lock could not be taken";
}

TEST(UndoStack, RollsBackInReverseUnlessCommitted) {
    std::string order;
    {
        UndoStack undo;
        undo.push("a", [&] { order += "a"; });
        undo.push("b", [&] { order += "b"; });
        undo.push("c", [&] { throw Error(Errc::Internal, "c failed"); });
        std::string failures;
        undo.on_error = [&](const std::string& what, const std::string& err) {
            failures += what + ":" + err;
        };
        undo.rollback();
        EXPECT_EQ(failures, "c:c failed");
    }
    EXPECT_EQ(order, "ba");
    order.clear();
    {
        UndoStack undo;
        undo.push("a", [&] { order += "a"; });
        undo.commit();
    }
    EXPECT_EQ(order, "");
}

TEST(ScopeGuard, RunsUnlessDismissed) {
    int runs = 0;
    {
        ScopeGuard g([&] { ++runs; });
    }
    {
        ScopeGuard g([&] { ++runs; });
        g.dismiss();
    }
    EXPECT_EQ(runs, 1);
}

}  // namespace
