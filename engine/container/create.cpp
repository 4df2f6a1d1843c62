// container_create: image lookup, docker's Config/HostConfig, directories and the record.
#include <unistd.h>

#include <algorithm>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/random.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/container/etc_files.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/create_host.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/network_setup.hpp"
#include "engine/container/platform.hpp"
#include "engine/container/store.hpp"
#include "engine/health/config.hpp"
#include "engine/logs/json_file_options.hpp"
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

bool attaches(const std::vector<std::string>& streams, const std::string& stream) {
    return std::find(streams.begin(), streams.end(), stream) != streams.end();
}

std::vector<std::string> strings_of(const json& j) {
    std::vector<std::string> out;
    if (j.is_array())
        for (const auto& e : j)
            if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
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
    // Before any pull: a runtime this host cannot use fails here, in one line, not in
    // the monitor at the first start.
    const std::string runtime_name = opts.runtime.empty() ? config.runtime : opts.runtime;
    container::platform_of(config).check_runtime(config, runtime_name);

    container::Store store(config);
    const auto image = container::resolve_image(config, opts.image, opts.pull, opts.platform);

    spec::UserOverrides o;
    o.command = opts.command;
    o.entrypoint = opts.entrypoint;
    o.workdir = opts.workdir;
    o.user = opts.user;
    o.env = opts.env;
    const json merged = spec::merge_config(image.config, o);

    ContainerCreateReport report;
    report.id = base::random_id();
    const std::string& id = report.id;
    const std::string first_network = opts.net.networks.empty() ? "bridge" : opts.net.networks.front();
    if (!opts.hostname.empty() && first_network.rfind("container:", 0) == 0)
        throw Error(Errc::InvalidArgument, "conflicting options: hostname and the network mode");
    std::string hostname = opts.hostname;
    if (hostname.empty()) hostname = first_network == "host" ? container::host_hostname() : id.substr(0, 12);

    ContainerRecord rec;
    rec.id = id;
    rec.created_ns = logs::to_ns(logs::Clock::now());
    rec.image_id = image.id;
    rec.rootfs = {image.chain_ids, image.rootfs_dir};

    ContainerConfig& cfg = rec.config;
    cfg.hostname = hostname;
    cfg.user = merged.value("User", std::string());
    cfg.attach_stdin = opts.attach.empty() ? opts.interactive : attaches(opts.attach, "stdin");
    cfg.attach_stdout = opts.attach.empty() || attaches(opts.attach, "stdout");
    cfg.attach_stderr = opts.attach.empty() || attaches(opts.attach, "stderr");
    cfg.tty = opts.tty;
    cfg.open_stdin = opts.interactive;
    cfg.stdin_once = opts.interactive;
    cfg.env = strings_of(merged.value("Env", json()));
    cfg.cmd = strings_of(merged.value("Cmd", json()));
    cfg.entrypoint = strings_of(merged.value("Entrypoint", json()));
    cfg.image = opts.image;
    cfg.working_dir = merged.value("WorkingDir", std::string());
    if (image.config.contains("Labels") && image.config["Labels"].is_object())
        for (const auto& [k, v] : image.config["Labels"].items())
            if (v.is_string()) cfg.labels[k] = v.get<std::string>();
    for (const auto& [k, v] : opts.labels)
        cfg.labels[k] = v;
    cfg.stop_signal = opts.stop_signal.empty() ? image.config.value("StopSignal", std::string())
                                               : opts.stop_signal;
    cfg.stop_timeout = opts.stop_timeout;
    cfg.healthcheck = health::merge(
        opts.healthcheck,
        image.config.is_object() ? image.config.value("Healthcheck", json()) : json());

    ContainerHostConfig& host = rec.host;
    // Checked here, not first in the monitor: a bad value fails the create with docker's
    // words. Kept as given, as docker's inspect shows them ("10m", not bytes).
    (void)logs::parse_json_file_options(opts.log_opts);
    host.log_options = opts.log_opts;
    host.container_id_file = opts.cidfile;
    host.log_driver = opts.log_driver;
    host.restart_policy = {opts.restart.name, opts.restart.max_retries};
    host.auto_remove = opts.auto_remove;
    host.runtime = runtime_name;
    host.init = opts.init;

    rec.args = cfg.entrypoint;
    rec.args.insert(rec.args.end(), cfg.cmd.begin(), cfg.cmd.end());
    rec.path = rec.args.front();
    rec.args.erase(rec.args.begin());

    auto paths = container::paths_for(config, id);
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
        rec.name = opts.name.empty() ? container::generate_name() : opts.name;
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
