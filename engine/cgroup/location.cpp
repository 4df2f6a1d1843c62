// Parsing /proc/<pid>/cgroup against the cgroup mounts of /proc/self/mountinfo.
#include "engine/cgroup/location.hpp"

#include <algorithm>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/strings.hpp"

namespace tug::engine::cgroup {

namespace {

using base::split;

struct CgroupMount {
    std::string root, point;
    bool v2 = false;
    std::vector<std::string> options;  // super options: the controllers of a v1 hierarchy
};

std::vector<CgroupMount> cgroup_mounts(std::string_view mountinfo) {
    std::vector<CgroupMount> out;
    std::istringstream in{std::string(mountinfo)};
    for (std::string line; std::getline(in, line);) {
        // id parent major:minor root point options [optional...] - fstype source super
        auto sep = line.find(" - ");
        if (sep == std::string::npos) continue;
        auto head = split(line.substr(0, sep), ' ');
        auto tail = split(line.substr(sep + 3), ' ');
        if (head.size() < 5 || tail.size() < 3) continue;
        if (tail[0] != "cgroup" && tail[0] != "cgroup2") continue;
        out.push_back({head[3], head[4], tail[0] == "cgroup2", split(tail[2], ',')});
    }
    return out;
}

// The process's directory under m, "" when the mount does not contain path.
std::string dir_under(const CgroupMount& m, const std::string& path) {
    if (m.root == "/") return path == "/" ? m.point : m.point + path;
    if (path == m.root) return m.point;
    if (path.rfind(m.root + "/", 0) == 0) return m.point + path.substr(m.root.size());
    return "";
}

}  // namespace

std::string Location::v1_dir(const std::string& controller) const {
    auto it = v1.find(controller);
    return it == v1.end() ? "" : it->second;
}

Location parse_location(std::string_view proc_cgroup, std::string_view mountinfo) {
    const auto mounts = cgroup_mounts(mountinfo);
    Location loc;
    std::istringstream in{std::string(proc_cgroup)};
    for (std::string line; std::getline(in, line);) {
        // hierarchy-id:controller,list:path (the path may itself contain ':')
        auto c1 = line.find(':');
        auto c2 = c1 == std::string::npos ? c1 : line.find(':', c1 + 1);
        if (c2 == std::string::npos) continue;
        const std::string controllers = line.substr(c1 + 1, c2 - c1 - 1);
        const std::string path = line.substr(c2 + 1);
        if (line.substr(0, c1) == "0" && controllers.empty()) {
            for (const auto& m : mounts)
                if (m.v2 && loc.unified.empty()) loc.unified = dir_under(m, path);
            continue;
        }
        for (const auto& ctl : split(controllers, ',')) {
            for (const auto& m : mounts) {
                if (m.v2 || std::find(m.options.begin(), m.options.end(), ctl) == m.options.end()) continue;
                std::string d = dir_under(m, path);
                if (!d.empty()) loc.v1[ctl] = d;
                break;
            }
        }
    }
    return loc;
}

std::string hierarchy_mount(std::string_view mountinfo, const std::string& controller) {
    for (const auto& m : cgroup_mounts(mountinfo)) {
        if (controller.empty() ? m.v2
                               : !m.v2 && std::find(m.options.begin(), m.options.end(), controller) !=
                                              m.options.end())
            return m.point;
    }
    return "";
}

Location location_of(int pid) {
    auto text = base::read_file_if_exists("/proc/" + std::to_string(pid) + "/cgroup");
    if (!text) throw Error(Errc::NotFound, "process " + std::to_string(pid) + " is gone");
    return parse_location(*text, base::read_file("/proc/self/mountinfo"));
}

std::vector<int> member_pids(const Location& loc) {
    std::vector<std::string> candidates;
    if (!loc.v1_dir("pids").empty()) candidates.push_back(loc.v1_dir("pids"));
    if (!loc.unified.empty()) candidates.push_back(loc.unified);
    for (const auto& [ctl, dir] : loc.v1) candidates.push_back(dir);
    for (const auto& dir : candidates) {
        auto text = base::read_file_if_exists(dir + "/cgroup.procs");
        if (!text) continue;
        std::vector<int> pids;
        std::istringstream in(*text);
        for (int p; in >> p;) pids.push_back(p);
        // The unified hierarchy of a hybrid host may hold the process in a parent
        // cgroup shared with others; a v1 hierarchy is exact. Take the first that has us.
        if (pids.empty()) continue;
        std::sort(pids.begin(), pids.end());
        return pids;
    }
    return {};
}

}  // namespace tug::engine::cgroup
