// Engine API for containers: create, start, stop, kill, rm, ps, logs, wait, inspect,
// attach. Commands fill these options; the engine does the work and returns reports.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/config.hpp"
#include "engine/api/container_host_options.hpp"
#include "engine/api/container_record.hpp"

namespace tug::engine {

struct RestartPolicy {
    std::string name = "no";  // "no", "always", "unless-stopped", "on-failure"
    int max_retries = 0;      // on-failure:N
};

// Parses docker's --restart value ("on-failure:3"). InvalidArgument otherwise.
RestartPolicy parse_restart_policy(std::string_view s);

// run/create's networking flags, as given; resolved at create, applied at each start.
struct ContainerNetworkOptions {
    std::vector<std::string> networks;  // --network: bridge|host|none|container:<x>|<name>; empty = bridge
    std::vector<std::string> aliases;   // --network-alias (on the first user network)
    std::string ip, ip6, mac;           // --ip, --ip6, --mac-address
    std::vector<std::string> publish;   // -p values in docker's forms
    bool publish_all = false;           // -P
    std::vector<std::string> expose;    // --expose port[/proto] or ranges
    std::vector<std::string> dns, dns_search, dns_options, add_hosts;
};

// run/create's --health-* flags as typed (durations in Go's syntax, "" meaning unset).
struct HealthcheckFlags {
    std::string cmd, interval, timeout, start_period, start_interval;
    int retries = 0;
    bool no_healthcheck = false;
};

// docker CLI's translation: nullopt when no health flag was given; ["NONE"] for
// --no-healthcheck. InvalidArgument with docker's messages: a malformed duration,
// "--no-healthcheck conflicts with --health-* options", "--health-interval cannot be
// negative" and the like.
std::optional<HealthcheckOptions> healthcheck_from_flags(const HealthcheckFlags& f);

struct ContainerCreateOptions {
    std::string image;                     // reference as the user typed it
    std::string name;                      // "" -> generated adjective_surname
    std::vector<std::string> command;      // after the image; replaces the image's Cmd
    std::optional<std::string> entrypoint; // --entrypoint ("" clears the image's)
    std::vector<std::string> env;          // "K=V": -e and --env-file, resolved by the caller
    std::string workdir;                   // -w
    std::string user;                      // -u name|uid[:group|gid]
    std::string hostname;                  // "" -> first 12 characters of the id
    std::map<std::string, std::string> labels;
    bool interactive = false;  // -i: keep stdin open
    bool tty = false;          // -t
    bool auto_remove = false;  // --rm
    ContainerNetworkOptions net;
    ContainerHostOptions host;  // mounts, security, devices, resources
    RestartPolicy restart;
    std::string stop_signal;          // "" -> image's StopSignal or SIGTERM
    std::optional<int> stop_timeout;  // seconds
    std::string log_driver = "json-file";  // or "none"
    std::map<std::string, std::string> log_opts;  // max-size, max-file
    std::string pull = "missing";  // always|missing|never
    std::string platform;          // --platform "os/arch[/variant]"; "" -> the host's
    std::optional<HealthcheckOptions> healthcheck;  // nullopt: the image's HEALTHCHECK
    std::string cidfile;              // --cidfile, recorded as HostConfig.ContainerIDFile
    bool init = false;                // --init: tini as PID 1 (HostConfig.Init)
    std::vector<std::string> attach;  // -a: "stdin", "stdout", "stderr"; empty: docker's default
    std::string runtime;  // --runtime ("runc", "crun"); "" -> EngineConfig::runtime
};

struct ContainerCreateReport {
    std::string id;
    std::vector<std::string> warnings;
};

ContainerCreateReport container_create(const EngineConfig& config,
                                       const ContainerCreateOptions& opts);

struct ContainerStartOptions {
    std::string container;  // id, unique id prefix or name
    // The monitor holds the container before `runc start` until the first attach
    // client connects (bounded), so a foreground run sees all output.
    bool wait_for_attach = false;
};

struct ContainerStartReport {
    std::string id;
    int pid = 0;
    bool already_running = false;
};

// Mounts the rootfs, writes the bundle and starts the monitor, which creates and starts
// the container. Throws CommandNotFound/CannotInvoke when runc could not find or exec
// the command (docker's 127/126), FailedPrecondition when a removal is in progress.
ContainerStartReport container_start(const EngineConfig& config, const ContainerStartOptions& opts);

// Where attach delivers a container's streams.
struct AttachSink {
    std::function<void(std::string_view)> out;
    std::function<void(std::string_view)> err;
};

struct ContainerAttachOptions {
    std::string container;
    bool stdin = false;       // relay our stdin (fd 0) to the container
    bool tty = false;         // raw-mode is the caller's business; we forward resizes
    std::function<bool()> resize_pending;  // polled: true when the window size changed
    std::function<std::pair<int, int>()> window_size;  // rows, cols
    std::function<int()> pending_signal;   // polled: a signal to forward, or 0
    std::string detach_keys;  // with stdin: "" -> ctrl-p,ctrl-q
};

struct ContainerAttachReport {
    int exit_code = 0;
    bool exited = false;  // false: detached or the monitor went away first
    bool detached = false;  // the user typed the detach keys
};

// Connects to the monitor's attach socket and relays until the container exits.
ContainerAttachReport container_attach(const EngineConfig& config,
                                       const ContainerAttachOptions& opts, const AttachSink& sink);

struct ContainerStopOptions {
    std::vector<std::string> containers;
    std::optional<int> timeout;  // seconds; container's StopTimeout or 10 when unset
    std::string signal;          // "" -> the container's stop signal
    // The stop half of a restart: a --rm container is not removed by it (docker's
    // HasBeenManuallyRestarted), since it is about to start again.
    bool for_restart = false;
};

// Per container: its name as given, or the error for it (docker goes on with the rest).
struct PerContainerResult {
    std::string container;
    std::optional<std::string> error;
};

std::vector<PerContainerResult> container_stop(const EngineConfig& config,
                                               const ContainerStopOptions& opts);

struct ContainerKillOptions {
    std::vector<std::string> containers;
    std::string signal = "KILL";
};

std::vector<PerContainerResult> container_kill(const EngineConfig& config,
                                               const ContainerKillOptions& opts);

struct ContainerRemoveOptions {
    std::vector<std::string> containers;
    bool force = false;
    bool volumes = false;
};

std::vector<PerContainerResult> container_remove(const EngineConfig& config,
                                                 const ContainerRemoveOptions& opts);

struct ContainerListOptions {
    bool all = false;
    int last = -1;  // -n; -l is 1
    std::multimap<std::string, std::string> filters;  // id, name, status, label
};

// Per container, newest first. A record that says the container runs while its monitor
// is gone is reconciled first (see container_get).
std::vector<ContainerRecord> container_list(const EngineConfig& config,
                                            const ContainerListOptions& opts);

struct ContainerLogsOptions {
    std::string container;
    bool follow = false;
    std::optional<size_t> tail;
    std::optional<std::string> since, until;  // RFC 3339, unix seconds or durations ("10m")
};

struct LogSink {
    // stream is "stdout" or "stderr"; time is RFC3339Nano.
    std::function<void(std::string_view stream, std::string_view text, std::string_view time)> entry;
};

void container_logs(const EngineConfig& config, const ContainerLogsOptions& opts,
                    const LogSink& sink);

struct ContainerWaitOptions {
    std::vector<std::string> containers;
};

// Exit code per container, waiting for each to stop.
std::vector<int> container_wait(const EngineConfig& config, const ContainerWaitOptions& opts);

// A container's record by id, unique id prefix or name. One that says the container
// runs while its monitor is gone (the monitor was killed) is reconciled first, as
// docker's daemon does when a shim dies. NotFound: "No such container: <x>".
ContainerRecord container_get(const EngineConfig& config, const std::string& container);

// docker's container inspect JSON of container_get's record.
nlohmann::json container_inspect(const EngineConfig& config, const std::string& container);

// The full id of a container by id, unique prefix or name.
std::string container_resolve_id(const EngineConfig& config, const std::string& container);

// The hidden `tug __monitor <namespace> <id>` entry: runs until the container is gone.
// sync_fd: where the starting tug waits for the pid or an error. wait_for_attach: hold
// the container before `runc start` until the first attach client connects (bounded).
int monitor_main(const EngineConfig& config, const std::string& id, int sync_fd,
                 bool wait_for_attach);

// The configuration the starting tug left for the monitor of container `id`, under the
// state directory it was started with. Throws tug::Error when it is missing.
EngineConfig monitor_engine_config(const std::string& state_dir, const std::string& id);

// ---- exec, pause, restart, rename (issue 4, helper "lifecycle") ----

struct ContainerExecOptions {
    std::string container;
    std::vector<std::string> command;
    bool interactive = false;  // -i: the process reads stdin_fd
    bool tty = false;          // -t: a pty, relayed to stdout_fd
    bool detach = false;       // -d: start it and return
    bool privileged = false;
    std::string user, workdir;            // -u, -w; "" -> the container's
    std::vector<std::string> env;         // "K=V": -e and --env-file, resolved by the caller
    std::string detach_keys;              // "" -> ctrl-p,ctrl-q (with -it)
    // The caller's stdio: handed to the process as they are without -t.
    int stdin_fd = 0, stdout_fd = 1, stderr_fd = 2;
    std::function<bool()> resize_pending;              // polled with -t
    std::function<std::pair<int, int>()> window_size;  // rows, cols
};

struct ContainerExecReport {
    int exit_code = 0;
    bool detached = false;  // the user typed the detach keys
};

// Runs a process in a running container (runc exec). Conflict "container <id> is not
// running" / "... is paused, unpause the container before exec"; CommandNotFound /
// CannotInvoke when the command cannot be found or run (docker's 127/126).
ContainerExecReport container_exec(const EngineConfig& config, const ContainerExecOptions& opts);

// docker pause / unpause: freeze and thaw the container's processes (runc pause/resume),
// State.Paused and Status "paused". Per container, docker's messages: "Container <id>
// is not running", "... is already paused", "... is not paused".
std::vector<PerContainerResult> container_pause(const EngineConfig& config,
                                                const std::vector<std::string>& containers);
std::vector<PerContainerResult> container_unpause(const EngineConfig& config,
                                                  const std::vector<std::string>& containers);

// docker restart: stop (as container_stop, timeout and signal alike) then start.
std::vector<PerContainerResult> container_restart(const EngineConfig& config,
                                                  const ContainerStopOptions& opts);

// docker rename: the name must be valid and free. InvalidArgument for the same name,
// Conflict with docker's message when taken.
void container_rename(const EngineConfig& config, const std::string& container,
                      const std::string& new_name);

}  // namespace tug::engine
