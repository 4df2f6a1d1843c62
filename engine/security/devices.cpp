// --device and --device-cgroup-rule (see devices.hpp).
#include "engine/security/devices.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <regex>

#include "engine/base/error.hpp"

namespace tug::engine::security {

using nlohmann::json;

namespace {

bool valid_mode(const std::string& mode) {
    if (mode.empty() || mode.size() > 3) return false;
    for (char c : mode)
        if (c != 'r' && c != 'w' && c != 'm') return false;
    return true;
}

// One device node as linux.devices entry plus its allow rule; false for other files.
bool add_node(const std::string& host, const std::string& ctr, const std::string& perms,
              json& devices, json& rules) {
    struct stat st {};
    if (::stat(host.c_str(), &st) != 0) return false;
    const char* type = S_ISCHR(st.st_mode) ? "c" : S_ISBLK(st.st_mode) ? "b" : nullptr;
    if (!type) return false;
    const auto major = static_cast<int64_t>(::major(st.st_rdev));
    const auto minor = static_cast<int64_t>(::minor(st.st_rdev));
    devices.push_back(json{{"path", ctr}, {"type", type}, {"major", major}, {"minor", minor},
                           {"fileMode", st.st_mode & 07777}, {"uid", st.st_uid}, {"gid", st.st_gid}});
    rules.push_back(json{{"allow", true}, {"type", type}, {"major", major}, {"minor", minor},
                         {"access", perms}});
    return true;
}

}  // namespace

DeviceMapping parse_device(const std::string& value) {
    DeviceMapping m;
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= value.size(); ++i)
        if (i == value.size() || value[i] == ':') parts.push_back(value.substr(start, i - start)), start = i + 1;
    if (parts.size() > 3 || parts[0].empty())
        throw Error(Errc::InvalidArgument, "bad format for path: " + value);
    m.host = parts[0];
    m.container = parts[0];
    if (parts.size() == 2) {
        if (valid_mode(parts[1])) m.permissions = parts[1];
        else m.container = parts[1];
    } else if (parts.size() == 3) {
        if (!valid_mode(parts[2])) throw Error(Errc::InvalidArgument, "invalid device mode: " + parts[2]);
        m.container = parts[1];
        m.permissions = parts[2];
    }
    if (m.container.empty() || m.container[0] != '/')
        throw Error(Errc::InvalidArgument, "bad format for path: " + value);
    return m;
}

void validate_device_cgroup_rule(const std::string& rule) {
    static const std::regex re(R"(^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$)");
    if (!std::regex_match(rule, re))
        throw Error(Errc::InvalidArgument, "invalid device cgroup format '" + rule + "'");
}

json device_cgroup_rule(const std::string& rule) {
    validate_device_cgroup_rule(rule);
    static const std::regex re(R"(^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$)");
    std::smatch m;
    std::regex_match(rule, m, re);
    json r{{"allow", true}, {"type", m[1].str()}, {"access", m[4].str()}};
    if (m[2] != "*") r["major"] = std::stoll(m[2].str());
    if (m[3] != "*") r["minor"] = std::stoll(m[3].str());
    return r;
}

json oci_devices(const DeviceMapping& m, json& rules) {
    json devices = json::array();
    std::error_code ec;
    if (std::filesystem::is_directory(m.host, ec)) {
        // docker maps every device node below a directory, keeping relative paths.
        for (auto it = std::filesystem::recursive_directory_iterator(m.host, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            const std::string p = it->path().string();
            add_node(p, m.container + p.substr(m.host.size()), m.permissions, devices, rules);
        }
        return devices;
    }
    if (!add_node(m.host, m.container, m.permissions, devices, rules)) {
        struct stat st {};
        const std::string why = ::stat(m.host.c_str(), &st) != 0 ? "no such file or directory"
                                                                 : "not a device node";
        throw Error(Errc::InvalidArgument,
                    "error gathering device information while adding custom device \"" + m.host + "\": " + why);
    }
    return devices;
}

json host_devices() {
    json devices = json::array();
    json ignored = json::array();
    std::error_code ec;
    auto it = std::filesystem::recursive_directory_iterator("/dev", ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const std::string p = it->path().string();
        if (it->is_directory(ec) && (p == "/dev/pts" || p == "/dev/mqueue" || p == "/dev/shm")) {
            it.disable_recursion_pending();
            continue;
        }
        if (p == "/dev/console" || p == "/dev/ptmx" || it->is_symlink(ec)) continue;
        add_node(p, p, "rwm", devices, ignored);
    }
    return devices;
}

}  // namespace tug::engine::security
