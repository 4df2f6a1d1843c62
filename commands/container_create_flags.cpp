// Shared run/create flag definitions (docker run's names and meanings).
#include "commands/container_create_flags.hpp"

#include <cctype>
#include <sstream>

#include "cli/env_flags.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::commands {

namespace {

void add_network_flags(CLI::App& app, engine::ContainerNetworkOptions& n) {
    app.add_option("--net,--network", n.networks, "Connect a container to a network")->allow_extra_args(false);
    app.add_option("--network-alias", n.aliases, "Add network-scoped alias for the container")
        ->allow_extra_args(false);
    app.add_option("--ip", n.ip, "IPv4 address (e.g., 172.30.100.104)");
    app.add_option("--ip6", n.ip6, "IPv6 address (e.g., 2001:db8::33)");
    app.add_option("--mac-address", n.mac, "Container MAC address (e.g., 92:d0:c6:0a:29:33)");
    app.add_option("-p,--publish", n.publish, "Publish a container's port(s) to the host")->allow_extra_args(false);
    app.add_flag("-P,--publish-all", n.publish_all, "Publish all exposed ports to random ports");
    app.add_option("--expose", n.expose, "Expose a port or a range of ports")->allow_extra_args(false);
    app.add_option("--dns", n.dns, "Set custom DNS servers")->allow_extra_args(false);
    app.add_option("--dns-search", n.dns_search, "Set custom DNS search domains")->allow_extra_args(false);
    app.add_option("--dns-option", n.dns_options, "Set DNS options")->allow_extra_args(false);
    app.add_option("--add-host", n.add_hosts, "Add a custom host-to-IP mapping (host:ip)")->allow_extra_args(false);
}

// docker's label file: one label per line, leading blanks ignored, empty lines and
// "#" comments skipped; a key may not contain whitespace.
std::vector<std::string> read_label_files(const std::vector<std::string>& files) {
    std::vector<std::string> out;
    for (const auto& file : files) {
        std::istringstream in(base::read_file(file));
        std::string line;
        while (std::getline(in, line)) {
            line.erase(0, line.find_first_not_of(" \t\r\n\v\f"));
            if (line.empty() || line[0] == '#') continue;
            const std::string key = line.substr(0, line.find('='));
            if (key.empty()) throw Error(Errc::InvalidArgument, "no variable name on line '" + line + "'");
            if (key.find_first_of(" \t\r\n\v\f") != std::string::npos)
                throw Error(Errc::InvalidArgument, "variable '" + key + "' contains whitespaces");
            out.push_back(line);
        }
    }
    return out;
}

// -a values, lower-cased as docker accepts them in any case.
std::vector<std::string> attach_streams(const std::vector<std::string>& given) {
    std::vector<std::string> out;
    for (auto s : given) {
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (s != "stdin" && s != "stdout" && s != "stderr")
            throw Error(Errc::InvalidArgument, "invalid argument \"" + s +
                                                   "\" for \"-a, --attach\" flag: valid streams are STDIN, "
                                                   "STDOUT and STDERR");
        out.push_back(s);
    }
    return out;
}

}  // namespace

void add_create_flags(CLI::App& app, CreateFlags& f) {
    app.set_help_flag("--help", "Print usage");
    app.add_option("--name", f.name, "Assign a name to the container");
    app.add_option("-e,--env", f.env, "Set environment variables")->allow_extra_args(false);
    app.add_option("--env-file", f.env_files, "Read in a file of environment variables")->allow_extra_args(false);
    app.add_option("-w,--workdir", f.workdir, "Working directory inside the container");
    app.add_option("-u,--user", f.user, "Username or UID (format: <name|uid>[:<group|gid>])");
    app.add_option("--entrypoint", f.entrypoint, "Overwrite the default ENTRYPOINT of the image");
    app.add_option("-h,--hostname", f.hostname, "Container host name");
    app.add_option("-l,--label", f.labels, "Set meta data on a container")->allow_extra_args(false);
    app.add_flag("-i,--interactive", f.interactive, "Keep STDIN open even if not attached");
    app.add_flag("-t,--tty", f.tty, "Allocate a pseudo-TTY");
    app.add_flag("--rm", f.rm, "Automatically remove the container when it exits");
    add_network_flags(app, f.net);
    add_host_flags(app, f.host);
    app.add_option("--restart", f.restart, "Restart policy to apply when a container exits");
    app.add_option("--stop-signal", f.stop_signal, "Signal to stop the container");
    app.add_option("--stop-timeout", f.stop_timeout, "Timeout (in seconds) to stop a container");
    app.add_option("--log-driver", f.log_driver, "Logging driver for the container");
    app.add_option("--log-opt", f.log_opts, "Log driver options")->allow_extra_args(false);
    app.add_option("--pull", f.pull, "Pull image before running (\"always\", \"missing\", \"never\")");
    app.add_option("--platform", f.platform, "Set platform if server is multi-platform capable");
    app.add_option("--cidfile", f.cidfile, "Write the container ID to the file");
    app.add_option("--runtime", f.runtime, "Runtime to use for this container");
    app.add_option("--label-file", f.label_files, "Read in a line delimited file of labels")->allow_extra_args(false);
    app.add_flag("--init", f.init, "Run an init inside the container that forwards signals and reaps processes");
    app.add_option("-a,--attach", f.attach, "Attach to STDIN, STDOUT or STDERR")->allow_extra_args(false);
    app.add_option("--health-cmd", f.health.cmd, "Command to run to check health");
    app.add_option("--health-interval", f.health.interval, "Time between running the check (ms|s|m|h) (default 0s)");
    app.add_option("--health-timeout", f.health.timeout, "Maximum time to allow one check to run (ms|s|m|h) (default 0s)");
    app.add_option("--health-retries", f.health.retries, "Consecutive failures needed to report unhealthy");
    app.add_option("--health-start-period", f.health.start_period,
                   "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)");
    app.add_option("--health-start-interval", f.health.start_interval,
                   "Time between running the check during the start period (ms|s|m|h) (default 0s)");
    app.add_flag("--no-healthcheck", f.health.no_healthcheck, "Disable any container-specified HEALTHCHECK");
    app.prefix_command();
}

engine::ContainerCreateOptions to_create_options(const CreateFlags& f,
                                                 const std::vector<std::string>& remaining) {
    engine::ContainerCreateOptions o;
    o.image = remaining[0];
    o.command.assign(remaining.begin() + 1, remaining.end());
    o.name = f.name;
    o.entrypoint = f.entrypoint;
    o.env = cli::resolve_env_flags(f.env_files, f.env);
    o.workdir = f.workdir;
    o.user = f.user;
    o.hostname = f.hostname;
    // docker: the files' labels first, so that --label overrides them.
    std::vector<std::string> labels = read_label_files(f.label_files);
    labels.insert(labels.end(), f.labels.begin(), f.labels.end());
    for (const auto& l : labels) {
        auto eq = l.find('=');
        o.labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
    }
    o.interactive = f.interactive;
    o.tty = f.tty;
    o.auto_remove = f.rm;
    o.net = f.net;
    o.host = to_host_options(f.host);
    o.restart = engine::parse_restart_policy(f.restart);
    o.runtime = f.runtime;
    o.stop_signal = f.stop_signal;
    o.stop_timeout = f.stop_timeout;
    o.log_driver = f.log_driver;
    for (const auto& kv : f.log_opts) {
        auto eq = kv.find('=');
        if (eq == std::string::npos)
            throw Error(Errc::InvalidArgument, "invalid log opt: " + kv);
        o.log_opts[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    if (f.pull != "always" && f.pull != "missing" && f.pull != "never")
        throw Error(Errc::InvalidArgument, "invalid pull option: '" + f.pull + "'");
    o.pull = f.pull;
    o.platform = f.platform;
    o.cidfile = f.cidfile;
    o.init = f.init;
    o.attach = attach_streams(f.attach);
    o.healthcheck = engine::healthcheck_from_flags(f.health);
    return o;
}

}  // namespace tug::commands
