// Counting OOM kills of a container's memory cgroup, under cgroupfs or systemd.
#include "engine/cgroup/oom.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/strings.hpp"
#include "engine/cgroup/location.hpp"

namespace tug::engine::cgroup {

std::string container_cgroups_path(bool systemd, const std::string& id) {
    return systemd ? "system.slice:tug:" + id : "/tug/" + id;
}

namespace {

// runc's ExpandSlice: "a-b-c.slice" -> "/a.slice/a-b.slice/a-b-c.slice", "-.slice" -> "".
std::string expand_slice(const std::string& slice) {
    constexpr std::string_view kSuffix = ".slice";
    if (slice == "-.slice") return "";
    if (!slice.ends_with(kSuffix) || slice.find('/') != std::string::npos)
        throw Error(Errc::InvalidArgument, "invalid systemd slice: " + slice);
    const std::string name = slice.substr(0, slice.size() - kSuffix.size());
    std::string path, prefix;
    for (const auto& part : base::split(name, '-')) {
        if (part.empty()) throw Error(Errc::InvalidArgument, "invalid systemd slice: " + slice);
        prefix += prefix.empty() ? part : "-" + part;
        path += "/" + prefix + std::string(kSuffix);
    }
    return path;
}

}  // namespace

std::string cgroup_dir(std::string_view cgroups_path, bool systemd) {
    if (!systemd) return std::string(cgroups_path);
    const auto parts = base::split(std::string(cgroups_path), ':');
    if (parts.size() != 3)
        throw Error(Errc::InvalidArgument,
                    "systemd cgroupsPath must be slice:prefix:name: " + std::string(cgroups_path));
    // runc: a name ending in .slice is a slice of its own, anything else a scope.
    const std::string unit =
        parts[2].ends_with(".slice") ? parts[2] : parts[1] + "-" + parts[2] + ".scope";
    return expand_slice(parts[0].empty() ? "system.slice" : parts[0]) + "/" + unit;
}

uint64_t parse_oom_kills(std::string_view text) {
    constexpr std::string_view kKey = "oom_kill ";
    for (size_t pos = 0; pos < text.size();) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view line = text.substr(pos, eol - pos);
        if (line.starts_with(kKey)) return std::strtoull(std::string(line.substr(kKey.size())).c_str(), nullptr, 10);
        pos = eol + 1;
    }
    return 0;
}

std::optional<OomCounter> OomCounter::open(std::string_view cgroups_path, bool systemd) {
    const std::string mountinfo = base::read_file("/proc/self/mountinfo");
    const std::string dir = cgroup_dir(cgroups_path, systemd);
    // A v1 memory hierarchy counts the kills (hybrid hosts included); else the unified one.
    std::string file;
    if (auto v1 = hierarchy_mount(mountinfo, "memory"); !v1.empty()) {
        file = v1 + dir + "/memory.oom_control";
    } else if (auto v2 = hierarchy_mount(mountinfo, ""); !v2.empty()) {
        file = v2 + dir + "/memory.events";
    } else {
        return std::nullopt;
    }
    base::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return std::nullopt;
    OomCounter counter(std::move(fd), 0);
    counter.base_ = counter.count();
    return counter;
}

uint64_t OomCounter::count() const {
    // cgroup files are generated on each read from offset 0.
    char buf[512];
    const ssize_t n = ::pread(fd_.get(), buf, sizeof buf - 1, 0);
    if (n <= 0) return base_;
    return parse_oom_kills(std::string_view(buf, static_cast<size_t>(n)));
}

bool OomCounter::killed() const { return count() > base_; }

}  // namespace tug::engine::cgroup
