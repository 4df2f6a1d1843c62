// ps wording, following docker's formatter (cli/command/formatter/container.go) and go-units.
#include "cli/output/container_text.hpp"

#include <cstdio>
#include <set>

#include "cli/output/human.hpp"

namespace tug::cli::output {

using engine::ContainerStatus;

namespace {

std::string since(int64_t then_ns, int64_t now_ns) {
    return human_duration(static_cast<double>(now_ns - then_ns) / 1e9);
}

// Go's stringutils.Ellipsis: at most max characters (runes), the last one "…".
std::string ellipsis(const std::string& s, size_t max) {
    size_t chars = 0, cut = std::string::npos;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (chars == max - 1) cut = i;
        ++chars;
    }
    return chars > max ? s.substr(0, cut) + "\u2026" : s;
}

// What inspect lists as the container's "Mounts": every mount but --tmpfs ones.
bool listed(const engine::MountSpec& m) {
    return m.origin != engine::MountSpec::Origin::TmpfsFlag;
}

}  // namespace

std::string status_text(const engine::ContainerState& s, int64_t now_ns) {
    switch (s.status) {
        case ContainerStatus::Running:
        case ContainerStatus::Paused: {
            std::string out = "Up";
            if (s.started_ns != 0) out += " " + since(s.started_ns, now_ns);
            if (s.paused()) return out + " (Paused)";
            if (s.health)
                out += s.health->status == "starting" ? " (health: starting)"
                                                      : " (" + s.health->status + ")";
            return out;
        }
        case ContainerStatus::Restarting:
        case ContainerStatus::Exited: {
            std::string out = std::string(s.restarting() ? "Restarting" : "Exited") + " (" +
                              std::to_string(s.exit_code) + ")";
            if (s.finished_ns != 0) out += " " + since(s.finished_ns, now_ns) + " ago";
            return out;
        }
        case ContainerStatus::Dead:
            return "Dead";
        case ContainerStatus::Removing:
            return "Removal In Progress";
        case ContainerStatus::Created:
            break;
    }
    return "Created";
}

std::string command_text(const engine::ContainerRecord& rec, bool no_trunc) {
    std::string cmd = rec.path;
    for (const auto& a : rec.args)
        cmd += " " + a;
    if (!no_trunc) cmd = ellipsis(cmd, 20);
    std::string q = "\"";
    for (unsigned char c : cmd) {
        switch (c) {
            case '"':
                q += "\\\"";
                break;
            case '\\':
                q += "\\\\";
                break;
            case '\n':
                q += "\\n";
                break;
            case '\t':
                q += "\\t";
                break;
            case '\r':
                q += "\\r";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", c);
                    q += buf;
                } else {
                    q += static_cast<char>(c);
                }
        }
    }
    return q + "\"";
}

std::string ports_text(const engine::ContainerRecord& rec) {
    if (rec.sandbox_key.empty()) return "";  // no network of its own now
    std::string text = engine::network::format_ports(rec.ports);
    std::set<std::string> bound;
    for (const auto& m : rec.ports)
        bound.insert(std::to_string(m.container_port) + "/" + m.protocol);
    for (const auto& p : rec.config.exposed_ports)
        if (!bound.count(p)) text += (text.empty() ? "" : ", ") + p;
    return text;
}

std::string mounts_text(const engine::ContainerRecord& rec, bool no_trunc) {
    std::string out;
    for (const auto& m : rec.mounts) {
        if (!listed(m)) continue;
        std::string name = m.type == engine::MountType::Tmpfs ? "" : m.source;
        if (!no_trunc) name = ellipsis(name, 15);
        out += (out.empty() ? "" : ",") + name;
    }
    return out;
}

int local_volumes(const engine::ContainerRecord& rec) {
    int n = 0;
    for (const auto& m : rec.mounts)
        if (listed(m) && m.type == engine::MountType::Volume &&
            (m.volume_driver.empty() || m.volume_driver == "local"))
            ++n;
    return n;
}

}  // namespace tug::cli::output
