// Linux capabilities as docker applies them: the default set, --cap-add/--cap-drop
// (moby's TweakCapabilities), and the full set for --privileged, limited to what the
// running kernel and the calling process can grant.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tug::engine::security {

// What capabilities this environment can give a container: the kernel's highest
// capability number (/proc/sys/kernel/cap_last_cap) and the calling process's bounding
// set (a capability outside it cannot be granted: runc's capset would fail).
struct CapabilityEnv {
    int last_cap = 40;
    uint64_t bounding = ~uint64_t{0};

    // Reads /proc/sys/kernel/cap_last_cap and CapBnd of /proc/self/status.
    static CapabilityEnv current();
    bool available(int number) const {
        return number >= 0 && number <= last_cap && number < 64 && ((bounding >> number) & 1);
    }
};

// docker's default set, "CAP_" names, in moby's order (oci/caps/defaults.go).
const std::vector<std::string>& default_capabilities();

// Every capability name libcap knows, indexed by number ("CAP_CHOWN" is 0).
const std::vector<std::string>& known_capabilities();

// The capability number of a "CAP_" name; -1 when unknown.
int capability_number(const std::string& cap_name);

// Every capability env can grant, in number order: what --privileged and --cap-add=ALL get.
std::vector<std::string> all_capabilities(const CapabilityEnv& env);

// A user-given name normalized as moby does: upper-cased, "CAP_" prefixed unless it is
// "ALL". Throws InvalidArgument `unknown capability: "CAP_FOO"`, or
// `capability not supported by your kernel or not available in the current environment:
// "CAP_X"` when env cannot grant it.
std::string normalize_capability(const std::string& name, const CapabilityEnv& env);

// moby's TweakCapabilities: privileged -> all_capabilities(env); otherwise, when adds
// contain ALL, every capability except the drops; when drops contain ALL, exactly the
// adds; else basics minus drops, then the adds (no duplicates). Names are normalized
// first (errors as normalize_capability).
std::vector<std::string> tweak_capabilities(const std::vector<std::string>& basics,
                                            const std::vector<std::string>& adds,
                                            const std::vector<std::string>& drops,
                                            bool privileged, const CapabilityEnv& env);

// The capabilities as the OCI spec's process.capabilities object (bounding, effective,
// permitted; inheritable and ambient stay empty, as docker since 20.10.14).
// nlohmann::json is not included here so that callers pick how to serialize.
struct CapabilitySets {
    std::vector<std::string> bounding, effective, permitted;
};
CapabilitySets capability_sets(const std::vector<std::string>& caps);

}  // namespace tug::engine::security
