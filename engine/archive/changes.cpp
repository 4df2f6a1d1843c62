// Parsing the Dockerfile instructions `--change` accepts.
#include "engine/archive/changes.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/health/instruction.hpp"

namespace tug::engine::archive {

using nlohmann::json;

namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// Whitespace-separated words; double quotes group (and are removed).
std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false, any = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\' && i + 1 < s.size()) {
            cur += s[++i];
            any = true;
        } else if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if (!quoted && (c == ' ' || c == '\t')) {
            if (any) out.push_back(cur);
            cur.clear();
            any = false;
        } else {
            cur += c;
            any = true;
        }
    }
    if (any) out.push_back(cur);
    return out;
}

// JSON form (["a","b"]) or shell form (wrapped in /bin/sh -c).
json command_form(const std::string& args) {
    if (!args.empty() && args[0] == '[') {
        json j = json::parse(args, nullptr, false);
        if (j.is_array() && std::all_of(j.begin(), j.end(), [](const json& v) { return v.is_string(); })) return j;
    }
    return json::array({"/bin/sh", "-c", args});
}

// key=value pairs, or the old "key value" form with a single pair.
std::vector<std::pair<std::string, std::string>> pairs(const std::string& instr, const std::string& args) {
    std::vector<std::pair<std::string, std::string>> out;
    auto ws = words(args);
    if (ws.empty()) throw Error(Errc::InvalidArgument, instr + " requires at least one argument");
    if (ws[0].find('=') == std::string::npos) {
        auto sp = args.find_first_of(" \t");
        if (sp == std::string::npos) throw Error(Errc::InvalidArgument, instr + " requires at least two arguments");
        std::string value = trim(args.substr(sp));
        auto vw = words(value);
        out.push_back({ws[0], vw.size() == 1 ? vw[0] : value});
        return out;
    }
    for (const auto& w : ws) {
        auto eq = w.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Error(Errc::InvalidArgument, instr + ": key=value expected, got \"" + w + "\"");
        out.push_back({w.substr(0, eq), w.substr(eq + 1)});
    }
    return out;
}

}  // namespace

void apply_change(json& config, const std::string& line) {
    const std::string s = trim(line);
    auto sp = s.find_first_of(" \t");
    std::string instr = s.substr(0, sp);
    std::transform(instr.begin(), instr.end(), instr.begin(), [](unsigned char c) { return std::toupper(c); });
    const std::string args = sp == std::string::npos ? "" : trim(s.substr(sp));
    if (!config.is_object()) config = json::object();
    if (instr == "CMD") {
        config["Cmd"] = command_form(args);
    } else if (instr == "ENTRYPOINT") {
        config["Entrypoint"] = command_form(args);
    } else if (instr == "ENV") {
        json env = config.value("Env", json::array());
        for (const auto& [k, v] : pairs(instr, args)) {
            const std::string prefix = k + "=";
            env.erase(std::remove_if(env.begin(), env.end(),
                                     [&](const json& e) { return e.get<std::string>().starts_with(prefix); }),
                      env.end());
            env.push_back(prefix + v);
        }
        config["Env"] = env;
    } else if (instr == "LABEL") {
        for (const auto& [k, v] : pairs(instr, args)) config["Labels"][k] = v;
    } else if (instr == "EXPOSE") {
        auto ws = words(args);
        if (ws.empty()) throw Error(Errc::InvalidArgument, "EXPOSE requires at least one argument");
        for (auto p : ws) {
            if (p.find('/') == std::string::npos) p += "/tcp";
            const std::string port = p.substr(0, p.find('/'));
            if (port.empty() || port.find_first_not_of("0123456789-") != std::string::npos)
                throw Error(Errc::InvalidArgument, "invalid containerPort: " + port);
            config["ExposedPorts"][p] = json::object();
        }
    } else if (instr == "USER") {
        if (args.empty()) throw Error(Errc::InvalidArgument, "USER requires exactly one argument");
        config["User"] = args;
    } else if (instr == "WORKDIR") {
        if (args.empty()) throw Error(Errc::InvalidArgument, "WORKDIR requires exactly one argument");
        config["WorkingDir"] = args;
    } else if (instr == "VOLUME") {
        json vols = json::array();
        if (!args.empty() && args[0] == '[') vols = json::parse(args, nullptr, false);
        if (!vols.is_array() || vols.empty()) {
            vols = json::array();
            for (const auto& w : words(args)) vols.push_back(w);
        }
        if (vols.empty()) throw Error(Errc::InvalidArgument, "VOLUME requires at least one argument");
        for (const auto& v : vols) config["Volumes"][v.get<std::string>()] = json::object();
    } else if (instr == "STOPSIGNAL") {
        if (args.empty()) throw Error(Errc::InvalidArgument, "STOPSIGNAL requires exactly one argument");
        config["StopSignal"] = args;
    } else if (instr == "HEALTHCHECK") {
        config["Healthcheck"] = health::parse_instruction(args);
    } else if (instr == "ONBUILD") {
        config["OnBuild"].push_back(args);
    } else {
        throw Error(Errc::InvalidArgument, instr + " is not a valid change command");
    }
}

}  // namespace tug::engine::archive
