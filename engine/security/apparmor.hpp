// AppArmor: whether the host enforces it, and docker's "docker-default" profile (our own
// text of moby's template), generated and loaded with apparmor_parser like dockerd does.
#pragma once

#include <string>
#include <vector>

#include "engine/base/child_env.hpp"

namespace tug::engine::security {

inline constexpr const char* kDefaultAppArmorProfile = "docker-default";

// True when /sys/module/apparmor/parameters/enabled reads "Y" and apparmor_parser is
// found in search_path (or /sbin, /usr/sbin): docker's rule for applying a profile. The
// parameters path is injectable for tests.
bool apparmor_enabled(const std::vector<std::string>& search_path,
                      const std::string& enabled_param = "/sys/module/apparmor/parameters/enabled");

// The profile text of docker-default. parser_version is apparmor_parser's version as
// moby encodes it (major*100000 + minor*1000 + patch); the ptrace and signal rules need
// >= 2.8.95 / 2.8.96, as in moby's template. daemon_profile is the AppArmor label of the
// process that sends signals to the container (tug's, usually "unconfined").
std::string apparmor_profile_text(const std::string& name, int parser_version,
                                  const std::string& daemon_profile = "unconfined");

// apparmor_parser --version, encoded as above; 0 when it cannot be read.
int apparmor_parser_version(const base::ChildEnv& child);

// Whether profile name is loaded (listed in /sys/kernel/security/apparmor/profiles).
bool apparmor_profile_loaded(const std::string& name);

// Feeds the profile text to `apparmor_parser -Kr`, run with child's environment.
// Throws tug::Error with the parser's output on failure.
void load_apparmor_profile(const std::string& name, const base::ChildEnv& child);

// The process.apparmorProfile for a container, moby's WithApparmor: "" when AppArmor is
// not enabled (docker then sets nothing, whatever was asked); otherwise option (the
// value of --security-opt apparmor=) when given, else "unconfined" for a privileged
// container, else docker-default, which is (re)loaded when it is not loaded. child: how
// apparmor_parser is found and run.
std::string apparmor_profile_for_container(const std::string& option, bool privileged,
                                           const base::ChildEnv& child);

}  // namespace tug::engine::security
