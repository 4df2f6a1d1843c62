// --ulimit parsing (go-units' rules and messages) and rlimits clamped to the host.
#include "engine/security/rlimits.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::engine::security {

using nlohmann::json;

namespace {

constexpr uint64_t kInfinity = std::numeric_limits<uint64_t>::max();
constexpr uint64_t kDockerNofile = 1048576;
constexpr int kCapSysResource = 24;

struct Resource {
    const char* name;
    int resource;
};

constexpr Resource kResources[] = {
    {"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},         {"data", RLIMIT_DATA},
    {"fsize", RLIMIT_FSIZE},       {"locks", RLIMIT_LOCKS},     {"memlock", RLIMIT_MEMLOCK},
    {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},       {"nofile", RLIMIT_NOFILE},
    {"nproc", RLIMIT_NPROC},       {"rss", RLIMIT_RSS},         {"rtprio", RLIMIT_RTPRIO},
    {"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING}, {"stack", RLIMIT_STACK},
};

// strconv.ParseInt(s, 10, 64) with Go's error text.
int64_t parse_int(const std::string& s) {
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    bool ok = i < s.size();
    for (size_t j = i; j < s.size(); ++j)
        if (!std::isdigit(static_cast<unsigned char>(s[j]))) ok = false;
    if (!ok) throw Error(Errc::InvalidArgument, "strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
    try {
        return std::stoll(s);
    } catch (const std::out_of_range&) {
        throw Error(Errc::InvalidArgument,
                    "strconv.ParseInt: parsing \"" + s + "\": value out of range");
    }
}

std::string oci_type(const std::string& name) {
    std::string t = "RLIMIT_" + name;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::toupper(c); });
    return t;
}

uint64_t to_rlim(int64_t v) { return v < 0 ? kInfinity : static_cast<uint64_t>(v); }

std::string limit_text(uint64_t v) { return v == kInfinity ? "unlimited" : std::to_string(v); }

}  // namespace

const std::vector<std::string>& ulimit_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& r : kResources) v.emplace_back(r.name);
        return v;
    }();
    return names;
}

Ulimit parse_ulimit(const std::string& value) {
    const auto eq = value.find('=');
    if (eq == std::string::npos) throw Error(Errc::InvalidArgument, "invalid ulimit argument: " + value);
    Ulimit u;
    u.name = value.substr(0, eq);
    const std::string limits = value.substr(eq + 1);
    const auto& names = ulimit_names();
    if (std::find(names.begin(), names.end(), u.name) == names.end())
        throw Error(Errc::InvalidArgument, "invalid ulimit type: " + u.name);
    std::vector<std::string> parts;
    std::stringstream ss(limits);
    std::string part;
    while (std::getline(ss, part, ':')) parts.push_back(part);
    if (!limits.empty() && limits.back() == ':') parts.emplace_back();
    if (limits.empty()) parts.emplace_back();
    if (parts.size() > 2)
        throw Error(Errc::InvalidArgument,
                    "too many limit value arguments - " + limits +
                        ", can only have up to two, `soft[:hard]`");
    if (parts.size() == 2) u.hard = parse_int(parts[1]);
    u.soft = parse_int(parts[0]);
    if (parts.size() == 1) u.hard = u.soft;
    if (u.hard != -1 && u.soft > u.hard)
        throw Error(Errc::InvalidArgument, "ulimit soft limit must be less than or equal to hard limit: " +
                                               std::to_string(u.soft) + " > " + std::to_string(u.hard));
    return u;
}

HostLimits HostLimits::current() {
    HostLimits h;
    for (const auto& r : kResources) {
        struct rlimit lim {};
        if (::getrlimit(r.resource, &lim) == 0)
            h.hard[r.name] = lim.rlim_max == RLIM_INFINITY ? kInfinity : lim.rlim_max;
    }
    if (auto status = base::read_file_if_exists("/proc/self/status")) {
        std::istringstream in(*status);
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind("CapEff:", 0) != 0) continue;
            try {
                h.can_raise = (std::stoull(line.substr(7), nullptr, 16) >> kCapSysResource) & 1;
            } catch (...) {
            }
        }
    }
    return h;
}

uint64_t HostLimits::hard_of(const std::string& name) const {
    auto it = hard.find(name);
    return it == hard.end() ? kInfinity : it->second;
}

json default_rlimits(const HostLimits& host) {
    uint64_t nofile = kDockerNofile;
    if (!host.can_raise) nofile = std::min(nofile, host.hard_of("nofile"));
    return json::array({{{"type", "RLIMIT_NOFILE"}, {"hard", nofile}, {"soft", nofile}}});
}

json container_rlimits(const std::vector<Ulimit>& requested, const HostLimits& host) {
    json out = default_rlimits(host);
    for (const auto& u : requested) {
        const uint64_t hard = to_rlim(u.hard);
        const uint64_t soft = to_rlim(u.soft);
        const uint64_t host_hard = host.hard_of(u.name);
        if (!host.can_raise && hard > host_hard)
            throw Error(Errc::FailedPrecondition,
                        "ulimit " + u.name + ": hard limit " + limit_text(hard) +
                            " exceeds this host's limit " + limit_text(host_hard) +
                            " (tug lacks CAP_SYS_RESOURCE)");
        const std::string type = oci_type(u.name);
        json entry = {{"type", type}, {"hard", hard}, {"soft", soft}};
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const json& e) { return e["type"] == type; });
        if (it != out.end()) *it = entry;
        else out.push_back(entry);
    }
    return out;
}

}  // namespace tug::engine::security
