// HEALTHCHECK's flags and command forms, following docker's Dockerfile parser.
#include "engine/health/instruction.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "engine/base/error.hpp"
#include "engine/health/duration.hpp"

namespace tug::engine::health {

using nlohmann::json;

namespace {

std::string_view trim_left(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

// The next whitespace-delimited word; s is left after it.
std::string_view next_word(std::string_view& s) {
    s = trim_left(s);
    size_t end = 0;
    while (end < s.size() && s[end] != ' ' && s[end] != '\t') ++end;
    std::string_view w = s.substr(0, end);
    s.remove_prefix(end);
    return w;
}

int64_t interval_flag(const std::string& name, const std::string& value) {
    auto d = parse_go_duration(value);
    if (!d) throw Error(Errc::InvalidArgument, "time: invalid duration \"" + value + "\"");
    if (*d != 0 && *d < 1000000)
        throw Error(Errc::InvalidArgument, "Interval \"" + name + "\" cannot be less than 1ms");
    return *d;
}

}  // namespace

json parse_instruction(std::string_view args) {
    std::string_view rest = trim_left(args);
    json hc = json::object();
    // Flags come first, each as --name=value.
    while ((rest = trim_left(rest)).substr(0, 2) == "--") {
        std::string flag(next_word(rest).substr(2));
        const auto eq = flag.find('=');
        std::string name = flag.substr(0, eq);
        if (name != "interval" && name != "timeout" && name != "start-period" &&
            name != "start-interval" && name != "retries")
            throw Error(Errc::InvalidArgument, "Unknown flag: " + name);
        if (eq == std::string::npos) throw Error(Errc::InvalidArgument, "Missing a value on flag: " + name);
        const std::string value = flag.substr(eq + 1);
        if (name == "retries") {
            int retries = 0;
            try {
                size_t used = 0;
                retries = std::stoi(value, &used);
                if (used != value.size()) throw std::invalid_argument(value);
            } catch (const std::exception&) {
                throw Error(Errc::InvalidArgument,
                            "strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
            }
            if (retries < 0)
                throw Error(Errc::InvalidArgument,
                            "--retries cannot be negative (" + std::to_string(retries) + ")");
            if (retries) hc["Retries"] = retries;
            continue;
        }
        const int64_t d = interval_flag(name, value);
        const char* key = name == "interval"       ? "Interval"
                          : name == "timeout"      ? "Timeout"
                          : name == "start-period" ? "StartPeriod"
                                                   : "StartInterval";
        if (d) hc[key] = d;
    }
    std::string type(next_word(rest));
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
    rest = trim_left(rest);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r' || rest.back() == '\n'))
        rest.remove_suffix(1);
    if (type.empty()) throw Error(Errc::InvalidArgument, "HEALTHCHECK requires at least one argument");
    if (type == "NONE") {
        if (!rest.empty()) throw Error(Errc::InvalidArgument, "HEALTHCHECK NONE takes no arguments");
        return json{{"Test", json::array({"NONE"})}};
    }
    if (type != "CMD") throw Error(Errc::InvalidArgument, "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    json test = json::array({"CMD"});
    // The JSON form runs the command as given; anything else is a shell command line.
    json form = rest.starts_with("[") ? json::parse(rest, nullptr, false) : json();
    const bool json_form = form.is_array() && std::all_of(form.begin(), form.end(), [](const json& v) {
                               return v.is_string();
                           });
    if (json_form) {
        for (const auto& v : form) test.push_back(v);
    } else if (!rest.empty()) {
        test = json::array({"CMD-SHELL", std::string(rest)});
    }
    if (test.size() < 2) throw Error(Errc::InvalidArgument, "missing command after HEALTHCHECK CMD");
    hc["Test"] = test;
    return hc;
}

}  // namespace tug::engine::health
