// /etc/hosts and /etc/resolv.conf content for containers, docker's way.
#include <sstream>

#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::engine::network {

namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

bool is_loopback(const std::string& ip) {
    return ip.rfind("127.", 0) == 0 || ip == "::1" || ip == "0:0:0:0:0:0:0:1";
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

}  // namespace

std::string render_hosts(const HostsInput& in) {
    std::string out =
        "127.0.0.1\tlocalhost\n"
        "::1\tlocalhost ip6-localhost ip6-loopback\n"
        "fe00::0\tip6-localnet\n"
        "ff00::0\tip6-mcastprefix\n"
        "ff02::1\tip6-allnodes\n"
        "ff02::2\tip6-allrouters\n";
    for (const auto& entry : in.add_hosts) {
        auto colon = entry.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) {
            throw Error(Errc::InvalidArgument, "invalid argument \"" + entry + "\" for \"--add-host\" flag");
        }
        std::string name = entry.substr(0, colon), ip = entry.substr(colon + 1);
        if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
        if (ip == "host-gateway") {
            if (in.host_gateway.empty()) {
                throw Error(Errc::InvalidArgument, "--add-host " + entry + ": host-gateway is unknown on this network");
            }
            ip = in.host_gateway;
        }
        out += ip + "\t" + name + "\n";
    }
    for (const auto& ip : in.own_ips) {
        if (!in.hostname.empty()) out += ip + "\t" + in.hostname + "\n";
    }
    for (const auto& peer : in.peers) {
        if (!peer.ip.empty() && !peer.names.empty()) out += peer.ip + "\t" + join(peer.names, " ") + "\n";
    }
    return out;
}

std::string render_resolv_conf(const ResolvInput& in) {
    std::string source = in.host_resolv;
    std::vector<std::string> nameservers, search, options;
    auto parse = [&](const std::string& text) {
        nameservers.clear();
        search.clear();
        options.clear();
        std::istringstream lines(text);
        std::string line;
        while (std::getline(lines, line)) {
            auto w = words(line);
            if (w.empty() || w[0][0] == '#' || w[0][0] == ';') continue;
            if (w[0] == "nameserver" && w.size() > 1) nameservers.push_back(w[1]);
            if ((w[0] == "search" || w[0] == "domain") && w.size() > 1) search.assign(w.begin() + 1, w.end());
            if (w[0] == "options") options.insert(options.end(), w.begin() + 1, w.end());
        }
    };
    parse(source);
    // systemd-resolved's stub only answers on the host's loopback: use its upstreams.
    if (std::find(nameservers.begin(), nameservers.end(), "127.0.0.53") != nameservers.end() &&
        !in.systemd_resolv.empty()) {
        parse(in.systemd_resolv);
    }
    if (!in.host_network) {
        std::erase_if(nameservers, is_loopback);
        if (nameservers.empty()) nameservers = {"8.8.8.8", "8.8.4.4"};
    }
    if (!in.dns.empty()) nameservers = in.dns;
    if (!in.dns_search.empty()) {
        search = in.dns_search;
        std::erase(search, ".");  // docker: "." means no search domains
    }
    if (!in.dns_options.empty()) options = in.dns_options;
    std::string out;
    if (!search.empty()) out += "search " + join(search, " ") + "\n";
    for (const auto& ns : nameservers) out += "nameserver " + ns + "\n";
    if (!options.empty()) out += "options " + join(options, " ") + "\n";
    return out;
}

ResolvInput host_resolv_input() {
    ResolvInput in;
    in.host_resolv = base::read_file_if_exists("/etc/resolv.conf").value_or("");
    in.systemd_resolv = base::read_file_if_exists("/run/systemd/resolve/resolv.conf").value_or("");
    return in;
}

}  // namespace tug::engine::network
