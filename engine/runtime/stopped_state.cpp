// Cleanup of a stopped container's runc state, following runc's state.json.
#include "engine/runtime/stopped_state.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/base/fs.hpp"

namespace tug::engine::runtime {

namespace {

// The 22nd field of /proc/<pid>/stat (start time in clock ticks), "" when gone.
std::string start_time_of(long pid) {
    auto stat = base::read_file_if_exists("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return {};
    size_t pos = stat->rfind(')');  // the command name may hold spaces
    if (pos == std::string::npos) return {};
    int field = 2;
    while (pos != std::string::npos && field < 22) {
        pos = stat->find(' ', pos + 1);
        ++field;
    }
    if (pos == std::string::npos) return {};
    return stat->substr(pos + 1, stat->find(' ', pos + 1) - pos - 1);
}

// runc records the init's pid and start time: the same pid with the same start time is
// the container's init, still there (a zombie not yet reaped counts too).
bool init_alive(const nlohmann::json& state) {
    const long pid = state.value("init_process_pid", 0L);
    if (pid <= 0) return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
    return start_time_of(pid) == std::to_string(state.value("init_process_start", 0ULL));
}

bool has_hooks(const nlohmann::json& config) {
    auto it = config.find("Hooks");
    if (it == config.end() || it->is_null()) return false;
    for (const auto& [name, list] : it->items()) {
        if (!list.is_null() && !list.empty()) return true;
    }
    return false;
}

// state.json holds runc's whole container config (~30 KB); of it, only the hooks are
// read. Keeping the rest out of the tree halves the parse, which a monitor does on the
// way out of every container, between its exit and `run --rm` returning.
nlohmann::json parse_state(const std::string& text) {
    bool in_config = false;
    auto keep = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (event != nlohmann::json::parse_event_t::key) return true;
        if (depth == 1) in_config = parsed == "config";
        return depth != 2 || !in_config || parsed == "Hooks";
    };
    return nlohmann::json::parse(text, keep, false);
}

}  // namespace

bool remove_stopped_state(const std::string& root, const std::string& id) {
    const std::string dir = root + "/" + id;
    auto text = base::read_file_if_exists(dir + "/state.json");
    if (!text) return false;
    auto state = parse_state(*text);
    if (!state.is_object() || !state.contains("cgroup_paths") || !state["cgroup_paths"].is_object())
        return false;
    if (init_alive(state) || has_hooks(state.value("config", nlohmann::json::object())) ||
        !state.value("intel_rdt_path", std::string()).empty())
        return false;
    for (const auto& [subsystem, path] : state["cgroup_paths"].items()) {
        if (!path.is_string()) return false;
        // On v1 several controllers can share one directory: gone already is fine.
        if (::rmdir(path.get<std::string>().c_str()) != 0 && errno != ENOENT) return false;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return !ec;
}

}  // namespace tug::engine::runtime
