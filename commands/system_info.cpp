// tug info: system-wide information (paths, runtime, cgroups, CNI, counts).
#include <nlohmann/json.hpp>

#include "cli/output/format.hpp"
#include "cli/registry.hpp"
#include "engine/api/system.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string format;
};

// Field names follow `docker info --format '{{json .}}'`; tug-only facts (state dir,
// namespace, CNI) get names in the same style.
nlohmann::json to_json(const engine::InfoReport& r) {
    return {
        {"ID", r.id},
        {"Containers", r.containers},
        {"ContainersRunning", r.containers_running},
        {"ContainersPaused", r.containers_paused},
        {"ContainersStopped", r.containers_stopped},
        {"Images", r.images},
        {"Driver", r.storage_driver},
        {"ServerVersion", r.server_version},
        {"DockerRootDir", r.data_root},
        {"StateDir", r.state_dir},
        {"Namespace", r.namespace_},
        {"ConfigFile", r.config_file},
        {"DefaultRuntime", r.runtime},
        {"Runtimes", {{r.runtime, {{"path", r.runtime_path}, {"version", r.runtime_version}}}}},
        {"CgroupDriver", r.cgroup_driver},
        {"CgroupVersion", std::to_string(r.cgroup_version)},
        {"CNI", {{"PluginDirs", r.cni_plugin_dirs}, {"ConfigDir", r.cni_config_dir}}},
        {"RegistryConfig", {{"InsecureRegistryCIDRs", r.insecure_registries}}},
        {"KernelVersion", r.kernel_version},
        {"OperatingSystem", r.operating_system},
        {"OSType", r.os_type},
        {"Architecture", r.architecture},
        {"NCPU", r.ncpu},
        {"MemTotal", r.mem_total},
        {"Name", r.hostname},
    };
}

void print_text(std::ostream& out, const engine::InfoReport& r) {
    out << "Server:\n"
        << " Containers: " << r.containers << "\n"
        << "  Running: " << r.containers_running << "\n"
        << "  Paused: " << r.containers_paused << "\n"
        << "  Stopped: " << r.containers_stopped << "\n"
        << " Images: " << r.images << "\n"
        << " Server Version: " << r.server_version << "\n"
        << " Storage Driver: " << r.storage_driver << "\n"
        << " Cgroup Driver: " << r.cgroup_driver << "\n"
        << " Cgroup Version: " << r.cgroup_version << "\n"
        << " Runtime: " << r.runtime << " "
        << (r.runtime_version.empty() ? "(not found)" : r.runtime_version) << "\n"
        << " CNI Plugin Dirs:";
    for (const auto& d : r.cni_plugin_dirs) out << " " << d;
    out << "\n"
        << " CNI Config Dir: " << r.cni_config_dir << "\n"
        << " Namespace: " << r.namespace_ << "\n"
        << " Kernel Version: " << r.kernel_version << "\n"
        << " Operating System: " << r.operating_system << "\n"
        << " OSType: " << r.os_type << "\n"
        << " Architecture: " << r.architecture << "\n"
        << " CPUs: " << r.ncpu << "\n"
        << " Total Memory: " << r.mem_total << "\n"
        << " Name: " << r.hostname << "\n"
        << " ID: " << r.id << "\n"
        << " Tug Root Dir: " << r.data_root << "\n"
        << " State Dir: " << r.state_dir << "\n"
        << " Config File: " << (r.config_file.empty() ? "(none)" : r.config_file) << "\n";
    if (!r.insecure_registries.empty()) {
        out << " Insecure Registries:\n";
        for (const auto& reg : r.insecure_registries) out << "  " << reg << "\n";
    }
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("-f,--format", f->format, "Format output using a custom template");
    return [f](cli::Context& ctx) {
        auto report = engine::system_info(ctx.config, ctx.config_file);
        if (f->format.empty()) {
            print_text(ctx.out, report);
        } else if (f->format == "json") {
            ctx.out << to_json(report).dump() << "\n";
        } else {
            ctx.out << cli::output::render_template(f->format, to_json(report)) << "\n";
        }
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"info", "system info"},
                          .summary = "Display system-wide information",
                          .usage = "[OPTIONS]",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
