// Host devices in containers: --device parsing (docker's host[:container][:perms]),
// --device-cgroup-rule, the OCI linux.devices entries and cgroup rules for them, and
// every host device for --privileged.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::engine::security {

struct DeviceMapping {
    std::string host, container, permissions = "rwm";
};

// "host[:container][:perms]"; InvalidArgument as docker's CLI: "invalid device mode: x",
// "bad format for path: x". Does not look at the host.
DeviceMapping parse_device(const std::string& value);

// docker's --device-cgroup-rule check: "<a|b|c> <major|*>:<minor|*> [rwm]";
// InvalidArgument "invalid device cgroup format 'x'".
void validate_device_cgroup_rule(const std::string& rule);

// linux.devices entries for a mapping (a device node, or every device node under a
// directory) and the matching allow rules appended to rules. InvalidArgument as
// docker: `error gathering device information while adding custom device "x": no such
// file or directory`.
nlohmann::json oci_devices(const DeviceMapping& m, nlohmann::json& rules);

// Every device node under /dev (docker's --privileged), skipping /dev/pts, /dev/mqueue,
// /dev/shm and the console (the runtime creates those).
nlohmann::json host_devices();

// The cgroup rule of a --device-cgroup-rule string as OCI linux.resources.devices entry.
nlohmann::json device_cgroup_rule(const std::string& rule);

}  // namespace tug::engine::security
