// ps wording, following docker's formatter and go-units.
#include "engine/container/status_text.hpp"

#include <cstdio>

#include "engine/health/state.hpp"
#include "engine/logs/timestamp.hpp"

namespace tug::engine::container {

std::string human_duration(int64_t ns) {
    const double secs_f = static_cast<double>(ns) / 1e9;
    const int64_t seconds = static_cast<int64_t>(secs_f);
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return std::to_string(seconds) + " seconds";
    const int64_t minutes = static_cast<int64_t>(secs_f / 60);
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return std::to_string(minutes) + " minutes";
    const int64_t hours = static_cast<int64_t>(secs_f / 3600 + 0.5);
    if (hours == 1) return "About an hour";
    if (hours < 48) return std::to_string(hours) + " hours";
    if (hours < 24 * 7 * 2) return std::to_string(hours / 24) + " days";
    if (hours < 24 * 30 * 2) return std::to_string(hours / 24 / 7) + " weeks";
    if (hours < 24 * 365 * 2) return std::to_string(hours / 24 / 30) + " months";
    return std::to_string(static_cast<int64_t>(secs_f / 3600) / 24 / 365) + " years";
}

namespace {

std::optional<int64_t> time_of(const nlohmann::json& state, const char* key) {
    auto t = logs::parse_rfc3339_ns(state.value(key, std::string()));
    if (!t || *t == std::numeric_limits<int64_t>::min()) return std::nullopt;
    return t;
}

}  // namespace

std::string status_text(const nlohmann::json& s, int64_t now_ns) {
    const std::string status = s.value("Status", std::string("created"));
    const int code = s.value("ExitCode", 0);
    if (status == "running" || status == "paused") {
        std::string out = "Up";
        if (auto started = time_of(s, "StartedAt")) out += " " + human_duration(now_ns - *started);
        if (status == "paused") return out + " (Paused)";
        if (auto health = health::status_suffix(s); !health.empty()) out += " (" + health + ")";
        return out;
    }
    if (status == "restarting") {
        std::string out = "Restarting (" + std::to_string(code) + ")";
        if (auto fin = time_of(s, "FinishedAt")) out += " " + human_duration(now_ns - *fin) + " ago";
        return out;
    }
    if (status == "exited") {
        std::string out = "Exited (" + std::to_string(code) + ")";
        if (auto fin = time_of(s, "FinishedAt")) out += " " + human_duration(now_ns - *fin) + " ago";
        return out;
    }
    if (status == "dead") return "Dead";
    if (status == "removing") return "Removal In Progress";
    return "Created";
}

std::string command_text(const nlohmann::json& rec, bool no_trunc) {
    std::string cmd = rec.value("Path", std::string());
    if (rec.contains("Args") && rec["Args"].is_array())
        for (auto& a : rec["Args"]) cmd += " " + a.get<std::string>();
    if (!no_trunc) {
        // Count characters, not bytes, as Go's Ellipsis does with runes.
        size_t chars = 0, cut = std::string::npos;
        for (size_t i = 0; i < cmd.size(); ++i) {
            if ((static_cast<unsigned char>(cmd[i]) & 0xC0) == 0x80) continue;
            if (chars == 19) cut = i;
            ++chars;
        }
        if (chars > 20) cmd = cmd.substr(0, cut) + "\u2026";
    }
    std::string q = "\"";
    for (unsigned char c : cmd) {
        switch (c) {
            case '"': q += "\\\""; break;
            case '\\': q += "\\\\"; break;
            case '\n': q += "\\n"; break;
            case '\t': q += "\\t"; break;
            case '\r': q += "\\r"; break;
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

}  // namespace tug::engine::container
