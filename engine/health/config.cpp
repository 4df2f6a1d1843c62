// Health check flags, merge and validation with docker's wording and rules.
#include "engine/health/config.hpp"

#include "engine/base/error.hpp"
#include "engine/health/duration.hpp"

namespace tug::engine::health {

using nlohmann::json;

namespace {

int64_t flag_duration(const std::string& flag, const std::string& value) {
    if (value.empty()) return 0;
    auto d = parse_go_duration(value);
    if (!d)
        throw Error(Errc::InvalidArgument, "invalid argument \"" + value + "\" for \"" + flag +
                                               "\" flag: time: invalid duration \"" + value + "\"");
    return *d;
}

int64_t json_ns(const json& hc, const char* key) {
    if (!hc.is_object() || !hc.contains(key) || !hc[key].is_number_integer()) return 0;
    return hc[key].get<int64_t>();
}

}  // namespace

}  // namespace tug::engine::health

namespace tug::engine {

std::optional<HealthcheckOptions> healthcheck_from_flags(const HealthcheckFlags& f) {
    HealthcheckOptions o;
    o.interval_ns = health::flag_duration("--health-interval", f.interval);
    o.timeout_ns = health::flag_duration("--health-timeout", f.timeout);
    o.start_period_ns = health::flag_duration("--health-start-period", f.start_period);
    o.start_interval_ns = health::flag_duration("--health-start-interval", f.start_interval);
    o.retries = f.retries;
    const bool any = !f.cmd.empty() || o.interval_ns != 0 || o.timeout_ns != 0 ||
                     o.start_period_ns != 0 || o.start_interval_ns != 0 || o.retries != 0;
    if (f.no_healthcheck) {
        if (any) throw Error(Errc::InvalidArgument, "--no-healthcheck conflicts with --health-* options");
        return HealthcheckOptions{{"NONE"}, 0, 0, 0, 0, 0};
    }
    if (!any) return std::nullopt;
    if (o.interval_ns < 0) throw Error(Errc::InvalidArgument, "--health-interval cannot be negative");
    if (o.timeout_ns < 0) throw Error(Errc::InvalidArgument, "--health-timeout cannot be negative");
    if (o.retries < 0) throw Error(Errc::InvalidArgument, "--health-retries cannot be negative");
    if (o.start_period_ns < 0)
        throw Error(Errc::InvalidArgument, "--health-start-period cannot be negative");
    if (o.start_interval_ns < 0)
        throw Error(Errc::InvalidArgument, "--health-start-interval cannot be negative");
    if (!f.cmd.empty()) o.test = {"CMD-SHELL", f.cmd};
    return o;
}

}  // namespace tug::engine

namespace tug::engine::health {

void validate(const HealthcheckOptions& o) {
    constexpr int64_t kMinimum = 1000000;  // docker's MinimumDuration, 1ms
    auto check = [](int64_t v, const char* field) {
        if (v != 0 && v < kMinimum)
            throw Error(Errc::InvalidArgument,
                        std::string(field) + " in Healthcheck cannot be less than 1ms");
    };
    check(o.interval_ns, "Interval");
    check(o.timeout_ns, "Timeout");
    if (o.retries < 0) throw Error(Errc::InvalidArgument, "Retries in Healthcheck cannot be negative");
    check(o.start_period_ns, "StartPeriod");
    check(o.start_interval_ns, "StartInterval");
}

json to_json(const HealthcheckOptions& o) {
    json j = json::object();
    if (!o.test.empty()) j["Test"] = o.test;
    if (o.interval_ns) j["Interval"] = o.interval_ns;
    if (o.timeout_ns) j["Timeout"] = o.timeout_ns;
    if (o.start_period_ns) j["StartPeriod"] = o.start_period_ns;
    if (o.start_interval_ns) j["StartInterval"] = o.start_interval_ns;
    if (o.retries) j["Retries"] = o.retries;
    return j;
}

HealthcheckOptions from_json(const json& hc) {
    HealthcheckOptions h;
    if (!hc.is_object()) return h;
    if (hc.contains("Test") && hc["Test"].is_array())
        for (const auto& t : hc["Test"])
            if (t.is_string()) h.test.push_back(t.get<std::string>());
    h.interval_ns = json_ns(hc, "Interval");
    h.timeout_ns = json_ns(hc, "Timeout");
    h.start_period_ns = json_ns(hc, "StartPeriod");
    h.start_interval_ns = json_ns(hc, "StartInterval");
    h.retries = static_cast<int>(json_ns(hc, "Retries"));
    return h;
}

std::optional<HealthcheckOptions> merge(const std::optional<HealthcheckOptions>& user,
                                        const json& image_healthcheck) {
    const bool image_has = image_healthcheck.is_object();
    if (!user) return image_has ? std::optional(from_json(image_healthcheck)) : std::nullopt;
    HealthcheckOptions m = *user;
    if (image_has) {
        const HealthcheckOptions image = from_json(image_healthcheck);
        if (m.test.empty()) m.test = image.test;
        if (!m.interval_ns) m.interval_ns = image.interval_ns;
        if (!m.timeout_ns) m.timeout_ns = image.timeout_ns;
        if (!m.start_period_ns) m.start_period_ns = image.start_period_ns;
        if (!m.start_interval_ns) m.start_interval_ns = image.start_interval_ns;
        if (!m.retries) m.retries = image.retries;
    }
    return m;
}

std::optional<Probe> probe_of(const std::optional<HealthcheckOptions>& hc) {
    if (!hc || hc->test.empty()) return std::nullopt;
    const auto& test = hc->test;
    Probe p;
    if (test[0] == "CMD") {
        p.argv.assign(test.begin() + 1, test.end());
    } else if (test[0] == "CMD-SHELL") {
        p.argv = {"/bin/sh", "-c"};
        p.argv.insert(p.argv.end(), test.begin() + 1, test.end());
    } else {
        return std::nullopt;  // "NONE", or a type docker does not know either
    }
    if (p.argv.empty()) return std::nullopt;
    auto or_default = [](int64_t v, int64_t def) { return v != 0 ? v : def; };
    p.interval = or_default(hc->interval_ns, kDefaultInterval);
    p.timeout = or_default(hc->timeout_ns, kDefaultTimeout);
    p.start_period = or_default(hc->start_period_ns, kDefaultStartPeriod);
    p.start_interval = or_default(hc->start_interval_ns, kDefaultStartInterval);
    p.retries = hc->retries > 0 ? hc->retries : kDefaultRetries;
    return p;
}

}  // namespace tug::engine::health
