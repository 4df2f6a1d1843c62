// The fake runtime's containers: forked children driven by their process.args.
#include "test/unit/lifecycle/fake_runtime.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::test {

using engine::runtime::CreateStdio;
using engine::runtime::ExecOptions;

namespace {

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int signal_number(std::string s) {
    if (s.starts_with("SIG")) s = s.substr(3);
    if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) return std::stoi(s);
    if (s == "TERM") return SIGTERM;
    if (s == "KILL") return SIGKILL;
    if (s == "INT") return SIGINT;
    if (s == "HUP") return SIGHUP;
    if (s == "USR1") return SIGUSR1;
    if (s == "STOP") return SIGSTOP;
    throw Error(Errc::InvalidArgument, "fake runtime: unknown signal " + s);
}

void place(int fd, int target) {
    if (fd == base::SpawnOptions::kDevNull) {
        int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, target);
    } else if (fd >= 0) {
        ::dup2(fd, target);
    }
}

}  // namespace

bool process_running(int pid) {
    if (pid <= 0 || ::kill(pid, 0) != 0) return false;
    auto stat = base::read_file_if_exists("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return false;
    const auto close = stat->rfind(')');
    return close == std::string::npos || close + 2 >= stat->size() || (*stat)[close + 2] != 'Z';
}

void record_fake_call(const std::string& root, const std::string& verb, const std::string& id) {
    const std::string line = std::to_string(now_ms()) + " " + verb + " " + id + "\n";
    base::make_dirs(root, 0700);
    int fd = ::open((root + "/calls.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return;
    ssize_t ignored = ::write(fd, line.data(), line.size());  // one write: lines never interleave
    (void)ignored;
    ::close(fd);
}

std::vector<FakeCall> fake_calls(const std::string& root, const std::string& id) {
    std::vector<FakeCall> out;
    std::istringstream in(base::read_file_if_exists(root + "/calls.log").value_or(""));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        FakeCall c;
        words >> c.ms >> c.verb >> c.id;
        for (std::string w; words >> w;)
            c.args.push_back(w);
        if (id.empty() || c.id == id) out.push_back(std::move(c));
    }
    return out;
}

void FakeRuntime::record(const std::string& line) const {
    const auto sp = line.find(' ');
    const std::string verb = line.substr(0, sp);
    record_fake_call(root_, verb, sp == std::string::npos ? "" : line.substr(sp + 1));
}

int FakeRuntime::pid_of(const std::string& id) const {
    auto text = base::read_file_if_exists(root_ + "/" + id + "/pid");
    return text ? std::atoi(text->c_str()) : 0;
}

void FakeRuntime::launch(const std::string& id, const std::string& bundle,
                         const std::string& pid_file, const CreateStdio& stdio, bool created_only) {
    const auto spec = nlohmann::json::parse(base::read_file(bundle + "/config.json"));
    std::vector<std::string> args = spec["process"]["args"].get<std::vector<std::string>>();
    if (args.empty()) args = {"exit", "0"};
    const std::string& what = args[0];
    if (what == "missing")
        throw Error(Errc::CommandNotFound, "exec: \"missing\": executable file not found in $PATH");
    int code = 0, run_ms = -1;
    bool ignore_term = false;
    if (what == "exit") {
        run_ms = 0;
        code = args.size() > 1 ? std::stoi(args[1]) : 0;
    } else if (what == "run") {
        run_ms = std::stoi(args.at(1));
        code = args.size() > 2 ? std::stoi(args[2]) : 0;
    } else if (what == "ignore-term") {
        ignore_term = true;
    } else if (what != "sleep") {
        throw Error(Errc::InvalidArgument, "fake runtime: unknown behaviour " + what);
    }
    pid_t pid = ::fork();
    if (pid < 0) throw sys_error("fork");
    if (pid == 0) {
        // The monitor blocks and handles signals for itself: the container starts clean.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s = 1; s < NSIG; ++s)
            ::signal(s, SIG_DFL);
        place(stdio.stdin_fd, 0);
        place(stdio.stdout_fd, 1);
        place(stdio.stderr_fd, 2);
        // runc's init execs the container's process, which closes the monitor's
        // close-on-exec descriptors (its lock among them): without an exec, close them.
        ::close_range(3, ~0U, 0);
        if (created_only) ::raise(SIGSTOP);  // start() continues it
        if (ignore_term) ::signal(SIGTERM, SIG_IGN);
        const char hello[] = "fake container running\n";
        ssize_t ignored = ::write(1, hello, sizeof hello - 1);
        (void)ignored;
        if (run_ms >= 0) {
            ::usleep(static_cast<useconds_t>(run_ms) * 1000);
            ::_exit(code);
        }
        for (;;)
            ::pause();
    }
    if (created_only) {
        int st = 0;
        while (::waitpid(pid, &st, WUNTRACED) < 0 && errno == EINTR) {
        }
    }
    base::make_dirs(root_ + "/" + id, 0700);
    base::atomic_write_file(root_ + "/" + id + "/pid", std::to_string(pid));
    base::atomic_write_file(pid_file, std::to_string(pid));
    record((created_only ? "create " : "run ") + id);
}

void FakeRuntime::create(const std::string& id, const std::string& bundle,
                         const std::string& pid_file, const std::string&,
                         const CreateStdio& stdio) {
    launch(id, bundle, pid_file, stdio, true);
}

void FakeRuntime::run_detached(const std::string& id, const std::string& bundle,
                               const std::string& pid_file, const std::string&,
                               const CreateStdio& stdio) {
    launch(id, bundle, pid_file, stdio, false);
}

void FakeRuntime::start(const std::string& id) {
    record("start " + id);
    ::kill(pid_of(id), SIGCONT);
}

void FakeRuntime::kill(const std::string& id, const std::string& signal, bool all) {
    record("kill " + id + " " + signal + (all ? " --all" : ""));
    const int pid = pid_of(id);
    if (!process_running(pid)) throw Error(Errc::FailedPrecondition, "container not running");
    ::kill(pid, signal_number(signal));
}

void FakeRuntime::remove(const std::string& id, bool force) {
    record("delete " + id + (force ? " --force" : ""));
    const int pid = pid_of(id);
    if (process_running(pid)) {
        if (!force)
            throw Error(Errc::Internal, "cannot delete container " + id + " that is not stopped");
        ::kill(pid, SIGKILL);
    }
    std::error_code ec;
    std::filesystem::remove_all(root_ + "/" + id, ec);
}

std::optional<std::string> FakeRuntime::status(const std::string& id) {
    if (!std::filesystem::exists(root_ + "/" + id)) return std::nullopt;
    if (std::filesystem::exists(root_ + "/" + id + "/paused")) return "paused";
    return process_running(pid_of(id)) ? "running" : "stopped";
}

void FakeRuntime::update(const std::string& id, const std::string&) {
    record("update " + id);
}

base::ChildProcess FakeRuntime::exec_spawn(const std::string& id, const ExecOptions&) {
    record("exec " + id);
    pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    return base::ChildProcess(pid);
}

int FakeRuntime::exec_status(const std::string&, const ExecOptions&, int wait_status) {
    return base::exit_code_of(wait_status);
}

void FakeRuntime::pause(const std::string& id) {
    record("pause " + id);
    ::kill(pid_of(id), SIGSTOP);
    base::atomic_write_file(root_ + "/" + id + "/paused", "");
}

void FakeRuntime::resume(const std::string& id) {
    record("resume " + id);
    ::unlink((root_ + "/" + id + "/paused").c_str());
    ::kill(pid_of(id), SIGCONT);
}

}  // namespace tug::test
