// docker -p parsing, PORTS formatting and host port allocation.
#include "engine/network/ports.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::engine::network {

namespace {

bool parse_range(const std::string& s, uint16_t& lo, uint16_t& hi, bool allow_zero) {
    auto dash = s.find('-');
    auto num = [&](const std::string& t, uint16_t& out) {
        if (t.empty() || t.size() > 5 || t.find_first_not_of("0123456789") != std::string::npos) return false;
        unsigned long v = std::stoul(t);
        if (v > 65535 || (v == 0 && !allow_zero)) return false;
        out = static_cast<uint16_t>(v);
        return true;
    };
    if (dash == std::string::npos) {
        if (!num(s, lo)) return false;
        hi = lo;
        return true;
    }
    return num(s.substr(0, dash), lo) && num(s.substr(dash + 1), hi) && lo <= hi;
}

bool valid_ip(const std::string& ip) {
    unsigned char buf[16];
    return ::inet_pton(AF_INET, ip.c_str(), buf) == 1 || ::inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

std::string shown_ip(const std::string& ip) {
    if (ip.empty()) return "0.0.0.0";
    return ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
}

// Whether ip:port/proto can be bound right now (SO_REUSEADDR: TIME_WAIT is not "in use").
bool can_bind(const std::string& ip, uint16_t port, const std::string& proto, uint16_t* got = nullptr) {
    const bool v6 = ip.find(':') != std::string::npos;
    const int type = proto == "udp" ? SOCK_DGRAM : SOCK_STREAM;
    base::UniqueFd fd(::socket(v6 ? AF_INET6 : AF_INET, type | SOCK_CLOEXEC, 0));
    if (!fd) return false;
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_storage ss{};
    socklen_t len;
    if (v6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        ::inet_pton(AF_INET6, ip.c_str(), &a->sin6_addr);
        len = sizeof *a;
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&ss);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = ip.empty() ? htonl(INADDR_ANY) : 0;
        if (!ip.empty()) ::inet_pton(AF_INET, ip.c_str(), &a->sin_addr);
        len = sizeof *a;
    }
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) return false;
    if (got) {
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len);
        *got = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    }
    return true;
}

bool taken(const std::set<PortKey>& in_use, const PortMapping& m, uint16_t port) {
    // A port on every address conflicts with the same port on any single address.
    for (const auto& [ip, p, proto] : in_use) {
        if (p == port && proto == m.protocol && (ip.empty() || m.host_ip.empty() || ip == m.host_ip)) return true;
    }
    return false;
}

}  // namespace

std::vector<PortMapping> parse_port_spec(const std::string& spec) {
    std::string raw = spec, proto = "tcp";
    if (auto slash = raw.rfind('/'); slash != std::string::npos) {
        proto = raw.substr(slash + 1);
        raw = raw.substr(0, slash);
        if (proto != "tcp" && proto != "udp" && proto != "sctp") {
            throw Error(Errc::InvalidArgument, "invalid proto: " + proto);
        }
    }
    std::string ip, host, container;
    if (!raw.empty() && raw[0] == '[') {
        auto close = raw.find("]:");
        if (close == std::string::npos) throw Error(Errc::InvalidArgument, "invalid port format: " + spec);
        ip = raw.substr(1, close - 1);
        raw = raw.substr(close + 2);
        auto colon = raw.find(':');
        if (colon == std::string::npos) throw Error(Errc::InvalidArgument, "invalid port format: " + spec);
        host = raw.substr(0, colon);
        container = raw.substr(colon + 1);
    } else {
        std::vector<std::string> parts;
        size_t start = 0, pos;
        while ((pos = raw.find(':', start)) != std::string::npos) {
            parts.push_back(raw.substr(start, pos - start));
            start = pos + 1;
        }
        parts.push_back(raw.substr(start));
        if (parts.size() == 1) {
            container = parts[0];
        } else if (parts.size() == 2) {
            host = parts[0];
            container = parts[1];
        } else if (parts.size() == 3) {
            ip = parts[0];
            host = parts[1];
            container = parts[2];
        } else {
            throw Error(Errc::InvalidArgument, "invalid port format: " + spec);
        }
    }
    if (!ip.empty() && !valid_ip(ip)) throw Error(Errc::InvalidArgument, "invalid IP address: " + ip);
    uint16_t clo = 0, chi = 0, hlo = 0, hhi = 0;
    if (!parse_range(container, clo, chi, false)) {
        throw Error(Errc::InvalidArgument, "invalid containerPort: " + container);
    }
    if (!host.empty() && !parse_range(host, hlo, hhi, true)) {
        throw Error(Errc::InvalidArgument, "invalid hostPort: " + host);
    }
    std::vector<PortMapping> out;
    const unsigned count = chi - clo + 1u;
    if (host.empty()) {
        for (unsigned i = 0; i < count; ++i) out.push_back({ip, 0, static_cast<uint16_t>(clo + i), proto, 0});
    } else if (hhi - hlo + 1u == count) {
        for (unsigned i = 0; i < count; ++i) {
            out.push_back({ip, static_cast<uint16_t>(hlo == 0 ? 0 : hlo + i), static_cast<uint16_t>(clo + i), proto, 0});
        }
    } else if (count == 1) {
        // A host range for one container port: any free port of the range; host_port
        // holds the range start until allocate_ports picks one.
        out.push_back({ip, hlo, clo, proto, hhi});
    } else {
        throw Error(Errc::InvalidArgument, "invalid ranges specified for container and host Ports: " + spec);
    }
    return out;
}

std::string format_ports(const std::vector<PortMapping>& ports) {
    std::vector<PortMapping> sorted = ports;
    std::stable_sort(sorted.begin(), sorted.end(), [](const PortMapping& a, const PortMapping& b) {
        return std::tie(a.protocol, a.host_ip, a.container_port) < std::tie(b.protocol, b.host_ip, b.container_port);
    });
    std::string out;
    for (size_t i = 0; i < sorted.size();) {
        size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1].protocol == sorted[i].protocol &&
               sorted[j + 1].host_ip == sorted[i].host_ip &&
               sorted[j + 1].container_port == sorted[j].container_port + 1 &&
               sorted[j + 1].host_port == sorted[j].host_port + 1) {
            ++j;
        }
        const auto& a = sorted[i];
        const auto& b = sorted[j];
        std::string host = std::to_string(a.host_port), cont = std::to_string(a.container_port);
        if (j > i) {
            host += "-" + std::to_string(b.host_port);
            cont += "-" + std::to_string(b.container_port);
        }
        out += (out.empty() ? "" : ", ") + shown_ip(a.host_ip) + ":" + host + "->" + cont + "/" + a.protocol;
        i = j + 1;
    }
    return out;
}

void allocate_ports(std::vector<PortMapping>& ports, const std::set<PortKey>& in_use) {
    std::set<PortKey> used = in_use;
    for (auto& m : ports) {
        auto conflict = [&](uint16_t p) {
            return Error(Errc::Conflict, "Bind for " + shown_ip(m.host_ip) + ":" + std::to_string(p) +
                                             " failed: port is already allocated");
        };
        if (m.host_port_end != 0) {
            uint16_t chosen = 0;
            for (unsigned p = m.host_port; p <= m.host_port_end && !chosen; ++p) {
                if (!taken(used, m, static_cast<uint16_t>(p)) && can_bind(m.host_ip, static_cast<uint16_t>(p), m.protocol)) {
                    chosen = static_cast<uint16_t>(p);
                }
            }
            if (!chosen) throw conflict(m.host_port);
            m.host_port = chosen;
            m.host_port_end = 0;
        } else if (m.host_port == 0) {
            uint16_t got = 0;
            for (int attempt = 0; attempt < 64; ++attempt) {
                if (can_bind(m.host_ip, 0, m.protocol, &got) && got != 0 && !taken(used, m, got)) break;
                got = 0;
            }
            if (got == 0) throw Error(Errc::Unavailable, "no free host port for " + std::to_string(m.container_port));
            m.host_port = got;
        } else if (taken(used, m, m.host_port) || !can_bind(m.host_ip, m.host_port, m.protocol)) {
            throw conflict(m.host_port);
        }
        used.insert({m.host_ip, m.host_port, m.protocol});
    }
}

nlohmann::json portmap_capability(const std::vector<PortMapping>& ports) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : ports) {
        nlohmann::json pm = {{"hostPort", m.host_port}, {"containerPort", m.container_port}, {"protocol", m.protocol}};
        if (!m.host_ip.empty()) pm["hostIP"] = m.host_ip;
        out.push_back(pm);
    }
    return out;
}

}  // namespace tug::engine::network
