// Capability names, docker's defaults and moby's add/drop rules.
#include "engine/security/capabilities.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::engine::security {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::vector<std::string> normalize_all(const std::vector<std::string>& names,
                                       const CapabilityEnv& env) {
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const auto& n : names) out.push_back(normalize_capability(n, env));
    return out;
}

void push_unique(std::vector<std::string>& v, const std::string& s) {
    if (!contains(v, s)) v.push_back(s);
}

}  // namespace

CapabilityEnv CapabilityEnv::current() {
    CapabilityEnv env;
    if (auto s = base::read_file_if_exists("/proc/sys/kernel/cap_last_cap")) {
        try {
            env.last_cap = std::stoi(*s);
        } catch (...) {
        }
    }
    if (auto status = base::read_file_if_exists("/proc/self/status")) {
        std::istringstream in(*status);
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind("CapBnd:", 0) == 0) {
                try {
                    env.bounding = std::stoull(line.substr(7), nullptr, 16);
                } catch (...) {
                }
            }
        }
    }
    return env;
}

const std::vector<std::string>& default_capabilities() {
    static const std::vector<std::string> caps = {
        "CAP_CHOWN",       "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
        "CAP_MKNOD",       "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
        "CAP_SETFCAP",     "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
        "CAP_KILL",        "CAP_AUDIT_WRITE",
    };
    return caps;
}

const std::vector<std::string>& known_capabilities() {
    static const std::vector<std::string> caps = {
        "CAP_CHOWN",           "CAP_DAC_OVERRIDE",   "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
        "CAP_FSETID",          "CAP_KILL",           "CAP_SETGID",          "CAP_SETUID",
        "CAP_SETPCAP",         "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST",   "CAP_NET_ADMIN",      "CAP_NET_RAW",         "CAP_IPC_LOCK",
        "CAP_IPC_OWNER",       "CAP_SYS_MODULE",     "CAP_SYS_RAWIO",       "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE",      "CAP_SYS_PACCT",      "CAP_SYS_ADMIN",       "CAP_SYS_BOOT",
        "CAP_SYS_NICE",        "CAP_SYS_RESOURCE",   "CAP_SYS_TIME",        "CAP_SYS_TTY_CONFIG",
        "CAP_MKNOD",           "CAP_LEASE",          "CAP_AUDIT_WRITE",     "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP",         "CAP_MAC_OVERRIDE",   "CAP_MAC_ADMIN",       "CAP_SYSLOG",
        "CAP_WAKE_ALARM",      "CAP_BLOCK_SUSPEND",  "CAP_AUDIT_READ",      "CAP_PERFMON",
        "CAP_BPF",             "CAP_CHECKPOINT_RESTORE",
    };
    return caps;
}

int capability_number(const std::string& cap_name) {
    const auto& known = known_capabilities();
    auto it = std::find(known.begin(), known.end(), cap_name);
    return it == known.end() ? -1 : static_cast<int>(it - known.begin());
}

std::vector<std::string> all_capabilities(const CapabilityEnv& env) {
    std::vector<std::string> out;
    const auto& known = known_capabilities();
    for (size_t i = 0; i < known.size(); ++i)
        if (env.available(static_cast<int>(i))) out.push_back(known[i]);
    return out;
}

std::string normalize_capability(const std::string& name, const CapabilityEnv& env) {
    std::string c = name;
    std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) { return std::toupper(ch); });
    if (c == "ALL") return c;
    if (c.rfind("CAP_", 0) != 0) c = "CAP_" + c;
    const int number = capability_number(c);
    if (number < 0) throw Error(Errc::InvalidArgument, "unknown capability: \"" + c + "\"");
    if (!env.available(number))
        throw Error(Errc::InvalidArgument,
                    "capability not supported by your kernel or not available in the current "
                    "environment: \"" + c + "\"");
    return c;
}

std::vector<std::string> tweak_capabilities(const std::vector<std::string>& basics,
                                            const std::vector<std::string>& adds,
                                            const std::vector<std::string>& drops,
                                            bool privileged, const CapabilityEnv& env) {
    if (privileged) return all_capabilities(env);
    if (adds.empty() && drops.empty()) return basics;

    const auto cap_drop = normalize_all(drops, env);
    const auto cap_add = normalize_all(adds, env);
    std::vector<std::string> caps;
    if (contains(cap_add, "ALL")) {
        for (const auto& c : all_capabilities(env))
            if (!contains(cap_drop, c)) caps.push_back(c);
    } else if (contains(cap_drop, "ALL")) {
        for (const auto& c : cap_add) push_unique(caps, c);
    } else {
        for (const auto& c : basics)
            if (!contains(cap_drop, c)) push_unique(caps, c);
        for (const auto& c : cap_add) push_unique(caps, c);
    }
    return caps;
}

CapabilitySets capability_sets(const std::vector<std::string>& caps) {
    return CapabilitySets{caps, caps, caps};
}

}  // namespace tug::engine::security
