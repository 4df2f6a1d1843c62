// container_top: the host's ps, filtered to the processes in the container's cgroup,
// parsed the way docker's daemon parses it.
#include <algorithm>
#include <regex>
#include <sstream>

#include "engine/api/container.hpp"
#include "engine/api/container_tools.hpp"
#include "engine/base/child_process.hpp"
#include "engine/base/error.hpp"
#include "engine/cgroup/location.hpp"

namespace tug::engine {

namespace {

// Fields split on ASCII whitespace only, as docker's fieldsASCII.
std::vector<std::string> fields_ascii(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

// The process's fields with everything past the last title joined back (CMD has spaces).
void append_process(ContainerTopReport& r, const std::vector<std::string>& fields) {
    const size_t n = r.titles.size();
    std::vector<std::string> row(fields.begin(), fields.begin() + static_cast<long>(std::min(fields.size(), n - 1)));
    std::string last;
    for (size_t i = n - 1; i < fields.size(); ++i) last += (i == n - 1 ? "" : " ") + fields[i];
    row.push_back(last);
    r.processes.push_back(std::move(row));
}

// docker refuses "-o X=PID" renames of the PID column other than pid=, which would hide
// the column it filters on.
void validate_ps_args(const std::vector<std::string>& args) {
    std::string joined;
    for (const auto& a : args) joined += " " + a;
    static const std::regex re(R"(\s+([^\s]*)=\s*(PID[^\s]*))");
    for (std::sregex_iterator it(joined.begin(), joined.end(), re), end; it != end; ++it)
        if ((*it)[1] != "pid")
            throw Error(Errc::InvalidArgument,
                        "specifying \"" + (*it)[1].str() + "=" + (*it)[2].str() + "\" is not allowed");
}

}  // namespace

ContainerTopReport filter_ps_output(const std::string& ps_output, const std::vector<int>& pids) {
    ContainerTopReport r;
    std::istringstream in(ps_output);
    std::string line;
    std::getline(in, line);
    r.titles = fields_ascii(line);
    auto pid_col = std::find(r.titles.begin(), r.titles.end(), "PID");
    if (pid_col == r.titles.end()) throw Error(Errc::Internal, "Couldn't find PID field in ps output");
    const size_t idx = static_cast<size_t>(pid_col - r.titles.begin());
    bool previous_kept = false;  // "-" lines are threads of the process above (ps -m)
    while (std::getline(in, line)) {
        auto f = fields_ascii(line);
        if (f.size() <= idx) continue;
        if (f[idx] == "-") {
            if (previous_kept) append_process(r, f);
            continue;
        }
        int pid = 0;
        try {
            pid = std::stoi(f[idx]);
        } catch (const std::exception&) {
            throw Error(Errc::Internal, "Unexpected pid '" + f[idx] + "'");
        }
        previous_kept = std::binary_search(pids.begin(), pids.end(), pid);
        if (previous_kept) append_process(r, f);
    }
    return r;
}

ContainerTopReport container_top(const EngineConfig& config, const std::string& container,
                                 const std::vector<std::string>& ps_args) {
    const ContainerRecord rec = container_get(config, container);
    const std::string& id = rec.id;
    const auto& state = rec.state;
    if (!state.running()) throw Error(Errc::Conflict, "container " + id + " is not running");
    if (state.restarting())
        throw Error(Errc::Conflict, "Container " + id + " is restarting, wait until the container is running");
    std::vector<std::string> args = ps_args.empty() ? std::vector<std::string>{"-ef"} : ps_args;
    validate_ps_args(args);

    std::vector<int> pids = cgroup::member_pids(cgroup::location_of(state.pid));
    if (pids.empty()) throw Error(Errc::Conflict, "container " + id + " is not running");
    // Like docker: ask ps for just these pids (-q), and without when the options do not
    // combine with -q (f, for one).
    std::string q = "-q";
    for (size_t i = 0; i < pids.size(); ++i) q += (i ? "," : "") + std::to_string(pids[i]);
    std::vector<std::string> argv{"ps"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(q);
    auto res = base::run_capture(argv, config.children);
    if (res.exit_code != 0) {
        argv.pop_back();
        res = base::run_capture(argv, config.children);
    }
    if (res.exit_code != 0) {
        std::string first = res.err.substr(0, res.err.find('\n'));
        throw Error(Errc::Internal, "ps: " + (first.empty() ? "exit status " + std::to_string(res.exit_code) : first));
    }
    return filter_ps_output(res.out, pids);
}

}  // namespace tug::engine
