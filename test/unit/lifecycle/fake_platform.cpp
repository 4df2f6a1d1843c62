// The fake platform and the sandbox the lifecycle tests run in.
#include "test/unit/lifecycle/fake_platform.hpp"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"

namespace tug::test {

using engine::ContainerRecord;
using engine::EngineConfig;
namespace container = engine::container;

namespace {

std::string id_of(const container::Paths& paths) {
    return paths.state.substr(paths.state.rfind('/') + 1);
}

// The 4th field of /proc/<pid>/stat; 0 when gone.
int parent_of(int pid) {
    auto stat = base::read_file_if_exists("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return 0;
    auto close = stat->rfind(')');
    if (close == std::string::npos) return 0;
    char state = 0;
    int ppid = 0;
    std::sscanf(stat->c_str() + close + 1, " %c %d", &state, &ppid);
    return ppid;
}

// A monitor of this program's (never an adoptive parent such as init).
bool is_monitor(int pid) {
    auto cmdline = base::read_file_if_exists("/proc/" + std::to_string(pid) + "/cmdline");
    return pid > 1 && cmdline && cmdline->find(std::string("__monitor\0", 10)) != std::string::npos;
}

}  // namespace

void FakePlatform::check_runtime(const EngineConfig&, const std::string& name) const {
    if (name != "fake")
        throw Error(Errc::InvalidArgument, "unknown or invalid runtime name: " + name);
}

std::unique_ptr<engine::runtime::OciRuntime> FakePlatform::runtime(
    const std::string&, const engine::runtime::RuntimeContext& ctx) const {
    return std::make_unique<FakeRuntime>(ctx.root);
}

void FakePlatform::mount_rootfs(const EngineConfig&, const ContainerRecord& rec,
                                const container::Paths& paths) const {
    record_fake_call(paths.runc_root, "mount", rec.id);
}

void FakePlatform::unmount_rootfs(const container::Paths& paths) const {
    record_fake_call(paths.runc_root, "unmount", id_of(paths));
}

std::string FakePlatform::start_network(const EngineConfig&, container::Store&,
                                        const ContainerRecord& rec,
                                        const container::Paths& paths) const {
    record_fake_call(paths.runc_root, "net-up", rec.id);
    return {};
}

void FakePlatform::stop_network(const EngineConfig& config, const std::string& id) const {
    record_fake_call(container::paths_for(config, id).runc_root, "net-down", id);
}

EngineConfig fake_engine_config(const std::string& dir) {
    EngineConfig c;
    c.data_root = dir + "/d";
    c.state_dir = dir + "/s";  // short: unix socket paths under it must fit 108 bytes
    c.runtime = "fake";
    c.snapshotter = "native";
    c.cni_conf_dir = dir + "/cni";
    c.platform = std::make_shared<FakePlatform>();
    return c;
}

Sandbox::Sandbox() {
    char tmpl[] = "/tmp/tlc-XXXXXX";
    if (!::mkdtemp(tmpl)) throw sys_error("mkdtemp");
    dir_ = tmpl;
    config_ = fake_engine_config(dir_);
    base::make_dirs(dir_ + "/rootfs", 0755);
}

Sandbox::~Sandbox() {
    // Whatever a failed test left running goes with the sandbox.
    for (const auto& call : fake_calls(config_.state_dir + "/runc")) {
        if (call.verb != "run" && call.verb != "create") continue;
        auto pid = base::read_file_if_exists(config_.state_dir + "/runc/" + call.id + "/pid");
        if (!pid) continue;
        const int p = std::atoi(pid->c_str());
        if (const int parent = parent_of(p); is_monitor(parent)) ::kill(parent, SIGKILL);
        if (p > 0) ::kill(p, SIGKILL);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string Sandbox::create(std::vector<std::string> behaviour, const std::string& restart,
                            bool auto_remove) {
    engine::ContainerCreateOptions o;
    o.image = dir_ + "/rootfs";
    o.command = std::move(behaviour);
    o.net.networks = {"none"};
    o.restart = engine::parse_restart_policy(restart);
    o.auto_remove = auto_remove;
    return engine::container_create(config_, o).id;
}

ContainerRecord Sandbox::record(const std::string& id) const {
    container::Store store(config_);
    return store.get(id);
}

bool Sandbox::exists(const std::string& id) const {
    container::Store store(config_);
    return store.find(id).has_value();
}

bool Sandbox::monitor_alive(const std::string& id) const {
    return container::monitor_alive(config_, id);
}

std::vector<FakeCall> Sandbox::calls(const std::string& id) const {
    return fake_calls(config_.state_dir + "/runc", id);
}

std::vector<FakeCall> Sandbox::calls(const std::string& id, const std::string& verb) const {
    std::vector<FakeCall> out;
    for (auto& c : calls(id))
        if (c.verb == verb) out.push_back(c);
    return out;
}

bool Sandbox::wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

bool Sandbox::wait_monitor_gone(const std::string& id, std::chrono::milliseconds timeout) const {
    return wait_until([&] { return !monitor_alive(id); }, timeout);
}

int Sandbox::monitor_pid(const std::string& id) const {
    return parent_of(record(id).state.pid);
}

void Sandbox::reboot() {
    container::Store store(config_);
    for (const auto& rec : store.list()) {
        if (rec.state.pid <= 0) continue;
        if (const int monitor = parent_of(rec.state.pid); is_monitor(monitor))
            ::kill(monitor, SIGKILL);
        ::kill(rec.state.pid, SIGKILL);
        wait_until([&] { return !monitor_alive(rec.id); });
    }
    std::error_code ec;
    std::filesystem::remove_all(config_.state_dir, ec);
}

}  // namespace tug::test
