// container_create: image lookup, docker's Config/HostConfig, directories and the record.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/random.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/container/etc_files.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/create_host.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/network_setup.hpp"
#include "engine/container/store.hpp"
#include "engine/health/config.hpp"
#include "engine/logs/timestamp.hpp"
#include "engine/spec/config_merge.hpp"

namespace tug::engine {

using nlohmann::json;

RestartPolicy parse_restart_policy(std::string_view s) {
    RestartPolicy p;
    if (s.empty() || s == "no") return p;
    std::string name(s.substr(0, s.find(':')));
    if (name != "always" && name != "unless-stopped" && name != "on-failure")
        throw Error(Errc::InvalidArgument, "invalid restart policy '" + std::string(s) + "'");
    p.name = name;
    if (auto colon = s.find(':'); colon != std::string_view::npos) {
        if (name != "on-failure")
            throw Error(Errc::InvalidArgument,
                        "invalid restart policy: maximum retry count can only be used with 'on-failure'");
        try {
            p.max_retries = std::stoi(std::string(s.substr(colon + 1)));
        } catch (...) {
            throw Error(Errc::InvalidArgument, "invalid restart policy '" + std::string(s) + "'");
        }
        if (p.max_retries < 0)
            throw Error(Errc::InvalidArgument, "invalid restart policy: maximum retry count cannot be negative");
    }
    return p;
}

namespace {

json labels_json(const json& image_config, const std::map<std::string, std::string>& labels) {
    json out = json::object();
    if (image_config.contains("Labels") && image_config["Labels"].is_object())
        out = image_config["Labels"];
    for (const auto& [k, v] : labels) out[k] = v;
    return out;
}

bool attaches(const std::vector<std::string>& streams, const std::string& stream) {
    return std::find(streams.begin(), streams.end(), stream) != streams.end();
}

}  // namespace

ContainerCreateReport container_create(const EngineConfig& config,
                                       const ContainerCreateOptions& opts) {
    if (opts.auto_remove && opts.restart.name != "no")
        throw Error(Errc::InvalidArgument, "Conflicting options: --restart and --rm");
    if (!opts.name.empty()) container::validate_name(opts.name);
    if (opts.log_driver != "json-file" && opts.log_driver != "none")
        throw Error(Errc::InvalidArgument, "logging driver " + opts.log_driver + " is not supported");
    if (opts.healthcheck) health::validate(*opts.healthcheck);

    container::Store store(config);
    const auto image = container::resolve_image(config, opts.image, opts.pull, opts.platform);

    std::vector<std::string> env_texts;
    for (const auto& f : opts.env_files)
        env_texts.push_back(with_context("read env file", [&] { return base::read_file(f); }));
    spec::UserOverrides o;
    o.command = opts.command;
    o.entrypoint = opts.entrypoint;
    o.workdir = opts.workdir;
    o.user = opts.user;
    o.env = spec::expand_env(env_texts, opts.env, [](const std::string& k) -> std::optional<std::string> {
        const char* v = std::getenv(k.c_str());
        return v ? std::optional<std::string>(v) : std::nullopt;
    });
    json merged = spec::merge_config(image.config, o);

    ContainerCreateReport report;
    report.id = base::random_id();
    const std::string& id = report.id;
    const std::string first_network = opts.net.networks.empty() ? "bridge" : opts.net.networks.front();
    if (!opts.hostname.empty() && first_network.rfind("container:", 0) == 0)
        throw Error(Errc::InvalidArgument, "conflicting options: hostname and the network mode");
    std::string hostname = opts.hostname;
    if (hostname.empty()) hostname = first_network == "host" ? container::host_hostname() : id.substr(0, 12);

    json cfg = {
        {"Hostname", hostname},
        {"Domainname", ""},
        {"User", merged["User"]},
        {"AttachStdin", opts.attach.empty() ? opts.interactive : attaches(opts.attach, "stdin")},
        {"AttachStdout", opts.attach.empty() || attaches(opts.attach, "stdout")},
        {"AttachStderr", opts.attach.empty() || attaches(opts.attach, "stderr")},
        {"Tty", opts.tty},
        {"OpenStdin", opts.interactive},
        {"StdinOnce", opts.interactive},
        {"Env", merged["Env"]},
        {"Cmd", merged["Cmd"]},
        {"Image", opts.image},
        {"Volumes", nullptr},
        {"WorkingDir", merged["WorkingDir"]},
        {"Entrypoint", merged["Entrypoint"]},
        {"OnBuild", nullptr},
        {"Labels", labels_json(image.config, opts.labels)},
    };
    std::string stop_signal = opts.stop_signal;
    if (stop_signal.empty()) stop_signal = image.config.value("StopSignal", std::string());
    if (!stop_signal.empty()) cfg["StopSignal"] = stop_signal;
    if (opts.stop_timeout) cfg["StopTimeout"] = *opts.stop_timeout;
    const json image_hc = image.config.is_object() ? image.config.value("Healthcheck", json()) : json();
    if (json hc = health::merge(opts.healthcheck, image_hc); !hc.is_null()) cfg["Healthcheck"] = hc;

    json log_opts = json::object();
    for (const auto& [k, v] : opts.log_opts) {
        if (k != "max-size" && k != "max-file")
            throw Error(Errc::InvalidArgument, "unknown log opt '" + k + "' for json-file log driver");
        log_opts[k] = k == "max-size" ? std::to_string(container::parse_size(v)) : v;
    }
    json host_cfg = {
        {"Binds", nullptr},
        {"ContainerIDFile", opts.cidfile},
        {"LogConfig", {{"Type", opts.log_driver}, {"Config", log_opts}}},
        {"NetworkMode", first_network},
        {"PortBindings", json::object()},
        {"RestartPolicy", {{"Name", opts.restart.name}, {"MaximumRetryCount", opts.restart.max_retries}}},
        {"AutoRemove", opts.auto_remove},
        {"VolumeDriver", ""},
        {"VolumesFrom", nullptr},
        {"CapAdd", nullptr},
        {"CapDrop", nullptr},
        {"Dns", json::array()},
        {"ExtraHosts", nullptr},
        {"Privileged", false},
        {"PublishAllPorts", false},
        {"ReadonlyRootfs", false},
        {"ShmSize", 67108864},
        {"Runtime", config.runtime},
    };
    if (opts.init) host_cfg["Init"] = true;

    std::vector<std::string> args;
    for (const char* key : {"Entrypoint", "Cmd"})
        if (merged[key].is_array())
            for (auto& a : merged[key]) args.push_back(a.get<std::string>());
    const std::string path = args.front();
    args.erase(args.begin());

    auto paths = container::paths_for(config, id);
    const std::string zero = "0001-01-01T00:00:00Z";
    json rec = {
        {"Id", id},
        {"Created", logs::format_rfc3339nano(logs::Clock::now())},
        {"Path", path},
        {"Args", args},
        {"State",
         {{"Status", "created"}, {"Running", false}, {"Paused", false}, {"Restarting", false},
          {"OOMKilled", false}, {"Dead", false}, {"Pid", 0}, {"ExitCode", 0}, {"Error", ""},
          {"StartedAt", zero}, {"FinishedAt", zero}}},
        {"Image", image.id},
        {"ResolvConfPath", paths.data + "/resolv.conf"},
        {"HostnamePath", paths.data + "/hostname"},
        {"HostsPath", paths.data + "/hosts"},
        {"LogPath", opts.log_driver == "json-file" ? paths.log : ""},
        {"Name", "/"},
        {"RestartCount", 0},
        {"Driver", "overlayfs"},
        {"Platform", "linux"},
        {"MountLabel", ""},
        {"ProcessLabel", ""},
        {"AppArmorProfile", ""},
        {"ExecIDs", nullptr},
        {"HostConfig", host_cfg},
        {"Mounts", json::array()},
        {"Config", cfg},
        {"NetworkSettings",
         {{"Bridge", ""}, {"SandboxID", ""}, {"Ports", json::object()}, {"IPAddress", ""},
          {"Networks", json::object()}}},
        {"_tug", container::rootfs_record(image)},
    };
    rec["_tug"]["namespace"] = config.namespace_;
    const std::string network_mode = container::record_network_config(config, opts.net, image.config, rec);
    container::record_host_config(config, opts.host, image, rec);

    base::UndoStack undo;
    undo.push("remove container directories", [&] { container::remove_container_files(config, id); });
    container::create_volumes(config, rec, undo);
    base::make_dirs(paths.upper, 0755);
    base::make_dirs(paths.work, 0700);
    container::prepare_rootfs(config, image, paths.upper);
    if (network_mode.rfind("container:", 0) != 0) {
        container::EtcFilesInput etc{hostname, network_mode, opts.net.dns, opts.net.dns_search,
                                     opts.net.dns_options, opts.net.add_hosts, !opts.auto_remove};
        container::write_etc_files(paths.data, etc);
    }

    // Generated names may collide: retry a few times like docker's name reservation.
    for (int attempt = 0;; ++attempt) {
        std::string name = opts.name.empty() ? container::generate_name() : opts.name;
        rec["Name"] = "/" + name;
        try {
            store.insert(rec);
            break;
        } catch (const Error& e) {
            if (e.code() != Errc::Conflict || !opts.name.empty() || attempt >= 10) throw;
        }
    }
    undo.commit();
    return report;
}

}  // namespace tug::engine
