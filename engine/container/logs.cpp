// container_logs: the json-file log read back, with --tail/--since/--until and -f.
#include <sys/inotify.h>
#include <poll.h>
#include <unistd.h>

#include <charconv>
#include <thread>

#include "engine/api/container.hpp"
#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/container/lifecycle.hpp"
#include "engine/container/store.hpp"
#include "engine/logs/json_file.hpp"

namespace tug::engine {

namespace {

// docker's --since/--until: RFC 3339, unix seconds[.nanos], or a duration ago ("10m").
int64_t parse_time_arg(const std::string& s) {
    if (auto t = logs::parse_rfc3339_ns(s)) return *t;
    if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
        if (auto t = logs::parse_rfc3339_ns(s + "T00:00:00Z")) return *t;
    }
    const int64_t now = logs::to_ns(logs::Clock::now());
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i > 0 && i < s.size()) {
        double v = std::stod(s.substr(0, i));
        std::string unit = s.substr(i);
        double mult = unit == "s" ? 1e9 : unit == "m" ? 60e9 : unit == "h" ? 3600e9 : unit == "ms" ? 1e6 : -1;
        if (mult > 0) return now - static_cast<int64_t>(v * mult);
    }
    if (i == s.size() && i > 0) {
        auto dot = s.find('.');
        int64_t secs = std::stoll(s.substr(0, dot));
        int64_t nanos = 0;
        if (dot != std::string::npos) {
            std::string frac = s.substr(dot + 1);
            frac.resize(9, '0');
            nanos = std::stoll(frac);
        }
        return secs * 1000000000 + nanos;
    }
    throw Error(Errc::InvalidArgument, "invalid value for time: \"" + s + "\"");
}

}  // namespace

void container_logs(const EngineConfig& config, const ContainerLogsOptions& opts, const LogSink& sink) {
    container::Store store(config);
    const std::string id = store.resolve(opts.container);
    if (store.get(id).host.log_driver != "json-file")
        throw Error(Errc::InvalidArgument, "configured logging driver does not support reading");
    const std::string path = container::paths_for(config, id).log;

    logs::ReadOptions ro;
    ro.tail = opts.tail;
    if (opts.since) ro.since_ns = parse_time_arg(*opts.since);
    if (opts.until) ro.until_ns = parse_time_arg(*opts.until);

    // Rotated files first, then the live file through a tail so that -f continues
    // exactly where the read of the past stopped.
    std::vector<logs::LogEntry> past;
    logs::LogTail tail(path);
    std::vector<logs::LogEntry> rotated;
    for (int i = 64; i >= 1; --i) {
        std::string f = path + "." + std::to_string(i);
        if (::access(f.c_str(), F_OK) != 0) continue;
        logs::LogTail t(f);
        for (auto& e : t.poll()) rotated.push_back(std::move(e));
    }
    past = std::move(rotated);
    for (auto& e : tail.poll()) past.push_back(std::move(e));
    auto keep = [&](const logs::LogEntry& e) {
        return !(ro.since_ns && e.time_ns < *ro.since_ns) && !(ro.until_ns && e.time_ns >= *ro.until_ns);
    };
    std::erase_if(past, [&](const logs::LogEntry& e) { return !keep(e); });
    size_t start = ro.tail && past.size() > *ro.tail ? past.size() - *ro.tail : 0;
    for (size_t i = start; i < past.size(); ++i) sink.entry(past[i].stream, past[i].text, past[i].time);
    if (!opts.follow) return;

    base::UniqueFd ino(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
    if (ino) ::inotify_add_watch(ino.get(), path.c_str(), IN_MODIFY | IN_MOVE_SELF | IN_DELETE_SELF);
    for (;;) {
        const bool alive = container::monitor_alive(config, id);
        for (auto& e : tail.poll())
            if (keep(e)) sink.entry(e.stream, e.text, e.time);
        if (!alive) return;
        if (ro.until_ns && logs::to_ns(logs::Clock::now()) >= *ro.until_ns) return;
        pollfd p{ino.get(), POLLIN, 0};
        if (::poll(&p, ino ? 1 : 0, 200) > 0) {
            char buf[4096];
            while (::read(ino.get(), buf, sizeof buf) > 0) {
            }
        }
    }
}

}  // namespace tug::engine
