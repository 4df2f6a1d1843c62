// Running runc subcommands and turning their failures into tug::Error.
#include "engine/runtime/runc.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/runtime/stopped_state.hpp"

namespace tug::engine::runtime {

Runc::Runc(std::string binary, std::string root, std::string log, bool systemd_cgroup,
           base::ChildEnv child)
    : binary_(std::move(binary)),
      root_(std::move(root)),
      log_(std::move(log)),
      systemd_(systemd_cgroup),
      child_(std::move(child)) {}

std::vector<std::string> Runc::base_args(const std::string* log) const {
    std::vector<std::string> a = {binary_, "--root", root_};
    const std::string& l = log && !log->empty() ? *log : log_;
    if (!l.empty()) {
        a.insert(a.end(), {"--log", l, "--log-format", "json"});
    }
    if (systemd_) a.push_back("--systemd-cgroup");
    return a;
}

std::string Runc::last_error(const std::string& log) const {
    if (log.empty()) return {};
    auto text = base::read_file_if_exists(log);
    if (!text) return {};
    std::string msg;
    size_t pos = 0;
    while (pos < text->size()) {
        size_t nl = text->find('\n', pos);
        std::string line = text->substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text->size() : nl + 1;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.value("level", "") == "error" && j.contains("msg") && j["msg"].is_string())
            msg = j["msg"].get<std::string>();
    }
    return msg;
}

void Runc::fail(const std::string& op, const std::string& id, const std::string& err,
                const std::string* log) {
    std::string msg = last_error(log && !log->empty() ? *log : log_);
    if (msg.empty()) msg = err;
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (msg.empty()) msg = binary_ + " " + op + " " + id + " failed";
    Errc code = Errc::Internal;
    if (msg.find("executable file not found") != std::string::npos ||
        msg.find("no such file or directory") != std::string::npos)
        code = Errc::CommandNotFound;
    else if (msg.find("permission denied") != std::string::npos)
        code = Errc::CannotInvoke;
    if (op != "create" && op != "start" && op != "exec") code = Errc::Internal;
    throw Error(code, msg);
}

void Runc::create(const std::string& id, const std::string& bundle, const std::string& pid_file,
                  const std::string& console_socket, const CreateStdio& stdio) {
    launch({"create"}, id, bundle, pid_file, console_socket, stdio);
}

void Runc::run_detached(const std::string& id, const std::string& bundle, const std::string& pid_file,
                        const std::string& console_socket, const CreateStdio& stdio) {
    launch({"run", "--detach"}, id, bundle, pid_file, console_socket, stdio);
}

void Runc::launch(const std::vector<std::string>& verb, const std::string& id, const std::string& bundle,
                  const std::string& pid_file, const std::string& console_socket, const CreateStdio& stdio) {
    if (!log_.empty()) ::unlink(log_.c_str());
    base::SpawnOptions so;
    so.child = child_;
    so.argv = base_args();
    so.argv.insert(so.argv.end(), verb.begin(), verb.end());
    so.argv.insert(so.argv.end(), {"--bundle", bundle, "--pid-file", pid_file});
    if (!console_socket.empty()) so.argv.insert(so.argv.end(), {"--console-socket", console_socket});
    so.argv.push_back(id);
    so.stdin_fd = stdio.stdin_fd;
    so.stdout_fd = stdio.stdout_fd;
    so.stderr_fd = stdio.stderr_fd;
    auto child = base::spawn(so);
    int st = child.wait();
    // Errors classify as create's: the process could not be started.
    if (base::exit_code_of(st) != 0) fail("create", id, {});
}

void Runc::start(const std::string& id) {
    auto args = base_args();
    args.insert(args.end(), {"start", id});
    auto r = base::run_capture(args, child_);
    if (r.exit_code != 0) fail("start", id, r.err);
}

void Runc::kill(const std::string& id, const std::string& signal, bool all) {
    auto args = base_args();
    args.push_back("kill");
    if (all) args.push_back("--all");
    args.insert(args.end(), {id, signal});
    auto r = base::run_capture(args, child_);
    if (r.exit_code != 0) {
        std::string msg = r.err;
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        Errc code = msg.find("not running") != std::string::npos ||
                            msg.find("does not exist") != std::string::npos
                        ? Errc::FailedPrecondition
                        : Errc::Internal;
        throw Error(code, "kill container " + id + ": " + msg);
    }
}

void Runc::update(const std::string& id, const std::string& resources_file) {
    auto args = base_args();
    args.insert(args.end(), {"update", "--resources", resources_file, id});
    auto r = base::run_capture(args, child_);
    if (r.exit_code != 0) {
        std::string msg = r.err;
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        throw Error(Errc::Internal, "update container " + id + ": " + msg);
    }
}

void Runc::remove(const std::string& id, bool force) {
    if (!systemd_ && remove_stopped_state(root_, id)) return;
    auto args = base_args();
    args.push_back("delete");
    if (force) args.push_back("--force");
    args.push_back(id);
    auto r = base::run_capture(args, child_);
    if (r.exit_code != 0 && r.err.find("does not exist") == std::string::npos &&
        r.err.find("not exist") == std::string::npos) {
        std::string msg = r.err;
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        throw Error(Errc::Internal, "delete container " + id + ": " + msg);
    }
}

std::optional<std::string> Runc::status(const std::string& id) {
    auto args = base_args();
    args.insert(args.end(), {"state", id});
    auto r = base::run_capture(args, child_);
    if (r.exit_code != 0) return std::nullopt;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    return j.value("status", std::string());
}

base::ChildProcess Runc::exec_spawn(const std::string& id, const ExecOptions& o) {
    const std::string& log = o.log.empty() ? log_ : o.log;
    if (!log.empty()) ::unlink(log.c_str());
    base::SpawnOptions so;
    so.child = child_;
    so.argv = base_args(&o.log);
    so.argv.insert(so.argv.end(), {"exec", "--process", o.process_json});
    if (o.detach) so.argv.push_back("--detach");
    if (!o.console_socket.empty()) so.argv.insert(so.argv.end(), {"--console-socket", o.console_socket});
    if (!o.pid_file.empty()) so.argv.insert(so.argv.end(), {"--pid-file", o.pid_file});
    so.argv.push_back(id);
    so.stdin_fd = o.stdio.stdin_fd;
    so.stdout_fd = o.stdio.stdout_fd;
    so.stderr_fd = o.stdio.stderr_fd;
    return base::spawn(so);
}

int Runc::exec_status(const std::string& id, const ExecOptions& o, int wait_status) {
    const int code = base::exit_code_of(wait_status);
    if (code == 0) return 0;
    // A process may well exit 1 or 255 itself: only an error in runc's log says that
    // runc failed.
    if (!last_error(o.log.empty() ? log_ : o.log).empty()) fail("exec", id, {}, &o.log);
    return code;
}

void Runc::simple(const std::string& op, const std::string& id) {
    auto args = base_args();
    args.insert(args.end(), {op, id});
    auto r = base::run_capture(args, child_);
    if (r.exit_code != 0) {
        std::string msg = r.err;
        if (msg.empty()) msg = last_error(log_);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        throw Error(Errc::Internal, op + " container " + id + ": " + msg);
    }
}

void Runc::pause(const std::string& id) { simple("pause", id); }
void Runc::resume(const std::string& id) { simple("resume", id); }

}  // namespace tug::engine::runtime
