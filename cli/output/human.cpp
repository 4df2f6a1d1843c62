// docker/go-units' HumanSize, BytesSize and HumanDuration, and docker's short ids.
#include "cli/output/human.hpp"

#include <cmath>
#include <cstdio>

namespace tug::cli::output {

namespace {

std::string custom_size(const char* format, double size, double base, const char* const* units,
                        int nunits) {
    int i = 0;
    while (size >= base && i < nunits - 1) {
        size /= base;
        ++i;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, format, size, units[i]);
    return buf;
}

}  // namespace

std::string human_size(int64_t bytes) {
    static const char* const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    return custom_size("%.3g%s", static_cast<double>(bytes), 1000.0, units, 9);
}

std::string bytes_size(int64_t bytes) {
    static const char* const units[] = {"B",   "KiB", "MiB", "GiB", "TiB",
                                        "PiB", "EiB", "ZiB", "YiB"};
    return custom_size("%.4g%s", static_cast<double>(bytes), 1024.0, units, 9);
}

std::string human_duration(double seconds) {
    auto s = static_cast<int64_t>(seconds);
    if (!(seconds >= 1)) return "Less than a second";
    if (s == 1) return "1 second";
    if (s < 60) return std::to_string(s) + " seconds";
    auto minutes = static_cast<int64_t>(seconds / 60);
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return std::to_string(minutes) + " minutes";
    auto hours = static_cast<int64_t>(seconds / 3600 + 0.5);
    if (hours == 1) return "About an hour";
    if (hours < 48) return std::to_string(hours) + " hours";
    if (hours < 24 * 7 * 2) return std::to_string(hours / 24) + " days";
    if (hours < 24 * 30 * 2) return std::to_string(hours / 24 / 7) + " weeks";
    if (hours < 24 * 365 * 2) return std::to_string(hours / 24 / 30) + " months";
    return std::to_string(static_cast<int64_t>(seconds / 3600) / 24 / 365) + " years";
}

std::string truncate_id(const std::string& id) {
    std::string s = id.starts_with("sha256:") ? id.substr(7) : id;
    return s.substr(0, 12);
}

}  // namespace tug::cli::output
