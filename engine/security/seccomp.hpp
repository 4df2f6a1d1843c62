// Seccomp for containers: docker's default profile, docker-format profile files
// (--security-opt seccomp=<file.json>) and their conversion to the OCI spec's
// linux.seccomp, resolved for the host architecture and the container's capabilities.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::engine::security {

// What a profile is resolved against (moby's setupSeccomp inputs).
struct SeccompTarget {
    // Go's GOARCH name: "amd64", "arm64", ... (base::go_arch() by default).
    std::string arch;
    // The container's bounding capabilities, "CAP_" names: an entry whose includes.caps
    // are all present is kept; one with any excludes.caps present is dropped.
    std::vector<std::string> caps;
    // "major.minor" of the running kernel, for includes/excludes.minKernel; "" skips the
    // minKernel test (entries are then kept).
    std::string kernel;

    // arch = base::go_arch(), kernel = uname's release.
    static SeccompTarget host(std::vector<std::string> caps);
};


// docker's default profile in docker's own file format (archMap, includes/excludes),
// equivalent to moby's profiles/seccomp/default.json.
const nlohmann::json& docker_default_profile();

// A docker-format profile converted to OCI linux.seccomp for target, as moby does:
// architectures from archMap for the target (or the profile's "architectures"),
// defaultAction/defaultErrnoRet/flags/listenerPath copied, each syscall entry kept or
// dropped by its includes/excludes (arches, caps, minKernel), "name" turned into
// "names". nullopt when the profile has neither defaultAction nor syscalls (moby treats
// that as seccomp disabled). InvalidArgument on a malformed profile.
std::optional<nlohmann::json> convert_seccomp_profile(const nlohmann::json& profile,
                                                      const SeccompTarget& target);

// docker's default profile resolved for target: what goes into linux.seccomp when no
// --security-opt seccomp= is given and the container is not privileged.
nlohmann::json default_seccomp(const SeccompTarget& target);

// Reads a docker-format profile file and converts it. Errors as docker's:
// "opening seccomp profile (<path>) failed: <reason>",
// "decoding seccomp profile failed: <reason>".
std::optional<nlohmann::json> load_seccomp_profile(const std::string& path,
                                                   const SeccompTarget& target);

// The linux.seccomp for a container. option is the value of --security-opt seccomp=
// (nullopt when not given): "unconfined" -> nullopt (no filter), "builtin" or not
// given -> the default, otherwise a profile file path. Privileged containers get no
// filter at all (moby's WithSeccomp).
std::optional<nlohmann::json> seccomp_for_container(const std::optional<std::string>& option,
                                                    bool privileged,
                                                    const SeccompTarget& target);

}  // namespace tug::engine::security
